using System.Text;

namespace DataProtection.Core.Inventory;

/// <summary>
/// Our paging token over several kinds: which kind to read next and that kind's own Kubernetes continue token.
/// Opaque to callers; a token that does not decode is a <see cref="Common.ValidationException"/>.
/// </summary>
internal static class ContinueToken
{
    public static string Encode(string kindKey, string? kubernetesContinue) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{kindKey}\n{kubernetesContinue}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (string KindKey, string? KubernetesContinue) Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\n', 2);
            return parts.Length == 2 ? (parts[0], parts[1].Length == 0 ? null : parts[1]) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new Common.ValidationException("continue", "The continue token is not one this server issued; start again from the first page.");
        }
    }
}
