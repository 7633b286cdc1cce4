using System.Security.Cryptography;
using DataProtection.Core.Common;
using Microsoft.AspNetCore.DataProtection;

namespace DataProtection.Core.Secrets;

/// <summary>
/// The only way secrets (kubeconfigs, S3 keys) reach the database: encrypted with ASP.NET Core Data Protection, whose
/// key ring lives in the data directory. Each kind of secret uses its own purpose, so one cannot be decrypted as another.
/// </summary>
public interface ISecretProtector
{
    string Protect(string purpose, string plaintext);

    /// <summary>Throws a <see cref="ValidationException"/> when the value cannot be decrypted (a lost or foreign key ring).</summary>
    string Unprotect(string purpose, string protectedValue);
}

internal sealed class SecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private const string RootPurpose = "DataProtection.Core.Secrets.v1";

    public string Protect(string purpose, string plaintext) => provider.CreateProtector(RootPurpose, purpose).Protect(plaintext);

    public string Unprotect(string purpose, string protectedValue)
    {
        try
        {
            return provider.CreateProtector(RootPurpose, purpose).Unprotect(protectedValue);
        }
        catch (CryptographicException)
        {
            throw new ValidationException(purpose,
                "A stored secret could not be decrypted: the key ring in the data directory is missing or belongs to another installation. Enter the secret again.");
        }
    }
}
