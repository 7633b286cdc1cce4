using System.Security.Cryptography;
using System.Text;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's label.GetValidName: names over 63 characters become 57 characters plus 6 hex of their SHA-256.</summary>
internal static class LabelValue
{
    public static string For(string name) =>
        name.Length <= 63 ? name : name[..57] + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..6];
}
