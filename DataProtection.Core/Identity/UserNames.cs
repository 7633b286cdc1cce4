using System.Text.RegularExpressions;
using DataProtection.Core.Common;

namespace DataProtection.Core.Identity;

internal static partial class UserNames
{
    public static string Validate(string field, string? userName)
    {
        var name = userName?.Trim() ?? "";
        if (!Pattern().IsMatch(name))
        {
            throw new ValidationException(field,
                "A user name is 2 to 64 characters: letters, digits, '.', '_', '@' or '-', starting with a letter or digit.");
        }
        return name;
    }

    /// <summary>A safe form of an untrusted name for the audit log (failed sign-ins record what was typed).</summary>
    public static string ForAudit(string? typed)
    {
        var name = new string((typed ?? "").Where(c => !char.IsControl(c)).Take(64).ToArray()).Trim();
        return name.Length == 0 ? "(empty)" : name;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")]
    private static partial Regex Pattern();
}
