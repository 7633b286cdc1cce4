using System.Security.Cryptography;
using System.Text.Json;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>Credentials that survive restarts, so a Velero secret written once keeps working against the same data directory.</summary>
internal static class CredentialsFile
{
    private const string FileName = "credentials.json";
    private sealed record Stored(string AccessKey, string SecretKey);

    public static S3Credentials Resolve(S3ServerOptions options)
    {
        if (options.AccessKey is not null && options.SecretKey is not null)
        {
            return new S3Credentials(options.AccessKey, options.SecretKey, options.Region);
        }
        var path = Path.Combine(options.DataDirectory, FileName);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path))!;
            return new S3Credentials(stored.AccessKey, stored.SecretKey, options.Region);
        }
        var created = new Stored("SANDBOX" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 13),
            RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40));
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(created));
        File.Move(temp, path, overwrite: true);
        return new S3Credentials(created.AccessKey, created.SecretKey, options.Region);
    }
}
