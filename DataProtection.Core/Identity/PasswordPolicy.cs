using DataProtection.Core.Common;

namespace DataProtection.Core.Identity;

internal static class PasswordPolicy
{
    private static readonly string[] Common = ["password", "123456", "qwerty", "letmein", "admin", "welcome", "changeme"];

    /// <summary>Throws a <see cref="ValidationException"/> naming <paramref name="field"/> when the password is too weak.</summary>
    public static void Validate(string field, string userName, string? password, int minLength)
    {
        if (string.IsNullOrEmpty(password) || password.Length < minLength)
        {
            throw new ValidationException(field, $"The password must be at least {minLength} characters long.");
        }
        if (password.Length > 128)
        {
            throw new ValidationException(field, "The password must be at most 128 characters long.");
        }
        if (password.Distinct().Count() < 5)
        {
            throw new ValidationException(field, "The password must use at least 5 different characters.");
        }
        var lower = password.ToLowerInvariant();
        if (userName.Length > 0 && lower.Contains(userName.ToLowerInvariant()))
        {
            throw new ValidationException(field, "The password must not contain the user name.");
        }
        if (Common.Any(lower.StartsWith))
        {
            throw new ValidationException(field, "The password is too easy to guess.");
        }
    }
}
