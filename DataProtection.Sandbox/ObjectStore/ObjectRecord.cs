namespace DataProtection.Sandbox.ObjectStore;

/// <summary>What a PUT or CreateMultipartUpload asked to store beside the bytes.</summary>
public sealed record ObjectProperties(
    string ContentType,
    IReadOnlyDictionary<string, string> UserMetadata,
    IReadOnlyDictionary<string, string> Headers,
    string? ServerSideEncryption,
    string? KmsKeyId)
{
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = new Dictionary<string, string>();
}

/// <summary>The sidecar of one object version: its key, the data file holding its bytes, and everything HEAD returns.</summary>
public sealed record ObjectRecord(
    string Key,
    string DataFile,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    ObjectProperties Properties);

/// <summary>Bytes written to a temp file in the store's own folder, so the commit is a rename.</summary>
public sealed class TempBlob(string path, long size, byte[] md5) : IDisposable
{
    public string Path { get; } = path;

    public long Size { get; } = size;

    public byte[] Md5 { get; } = md5;

    public string ETag => $"\"{Convert.ToHexStringLower(Md5)}\"";

    public void Dispose()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }
}
