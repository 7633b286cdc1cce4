using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>
/// File-backed buckets: <c>buckets/&lt;bucket&gt;/objects/&lt;sha256(key)&gt;.json</c> sidecars name the data file holding the bytes.
/// A write lands in <c>tmp/</c>, then is renamed into place and the sidecar swapped by rename, so readers never see half an object.
/// </summary>
public sealed partial class S3Store
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, ObjectRecord>> _index = new(StringComparer.Ordinal);
    private readonly string _buckets;

    public S3Store(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        _buckets = Path.Combine(dataDirectory, "buckets");
        TempDirectory = Path.Combine(dataDirectory, "tmp");
        Directory.CreateDirectory(_buckets);
        Directory.CreateDirectory(TempDirectory);
        // Anything left in tmp/ is a write that never committed (a crash or kill mid-upload); one store owns a data directory.
        foreach (var leftover in Directory.EnumerateFiles(TempDirectory))
        {
            File.Delete(leftover);
        }
    }

    public string DataDirectory { get; }

    internal string TempDirectory { get; }

    public IReadOnlyList<(string Name, DateTimeOffset Created)> ListBuckets() =>
        [.. Directory.EnumerateDirectories(_buckets)
            .Select(dir => (Path.GetFileName(dir), new DateTimeOffset(Directory.GetCreationTimeUtc(dir), TimeSpan.Zero)))
            .OrderBy(b => b.Item1, StringComparer.Ordinal)];

    public bool BucketExists(string bucket) => IsValidBucketName(bucket) && Directory.Exists(BucketPath(bucket));

    public void CreateBucket(string bucket)
    {
        if (!IsValidBucketName(bucket))
        {
            throw S3Exception.InvalidBucketName();
        }
        lock (_gate)
        {
            if (Directory.Exists(BucketPath(bucket)))
            {
                throw S3Exception.BucketAlreadyOwnedByYou();
            }
            Directory.CreateDirectory(Path.Combine(BucketPath(bucket), "objects"));
            _index[bucket] = new SortedDictionary<string, ObjectRecord>(StringComparer.Ordinal);
        }
    }

    public void DeleteBucket(string bucket)
    {
        lock (_gate)
        {
            if (Objects(bucket).Count > 0)
            {
                throw S3Exception.BucketNotEmpty();
            }
            Directory.Delete(BucketPath(bucket), recursive: true);
            _index.Remove(bucket);
        }
    }

    public IReadOnlyList<ObjectRecord> ListObjects(string bucket)
    {
        lock (_gate)
        {
            return [.. Objects(bucket).Values];
        }
    }

    public ObjectRecord? GetObject(string bucket, string key)
    {
        lock (_gate)
        {
            return Objects(bucket).GetValueOrDefault(key);
        }
    }

    /// <summary>Opens the bytes of the current version; the handle stays valid if the object is replaced or deleted meanwhile.</summary>
    public (ObjectRecord Record, FileStream Data) OpenObject(string bucket, string key)
    {
        lock (_gate)
        {
            var record = Objects(bucket).GetValueOrDefault(key) ?? throw S3Exception.NoSuchKey();
            var data = new FileStream(Path.Combine(ObjectsPath(bucket), record.DataFile), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                64 * 1024, useAsync: true);
            return (record, data);
        }
    }

    public async Task<TempBlob> WriteTempAsync(Stream body, CancellationToken cancellationToken)
    {
        var path = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N"));
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long size = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                size += read;
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return new TempBlob(path, size, md5.GetHashAndReset());
    }

    public ObjectRecord CommitObject(string bucket, string key, TempBlob blob, ObjectProperties properties, string? etag = null)
    {
        var id = KeyId(key);
        var record = new ObjectRecord(key, $"{id}-{Guid.NewGuid():N}.data", blob.Size, etag ?? blob.ETag, DateTimeOffset.UtcNow, properties);
        lock (_gate)
        {
            var objects = Objects(bucket);
            var folder = ObjectsPath(bucket);
            File.Move(blob.Path, Path.Combine(folder, record.DataFile));
            var sidecarTemp = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N"));
            File.WriteAllText(sidecarTemp, JsonSerializer.Serialize(record, Json), Encoding.UTF8);
            File.Move(sidecarTemp, Path.Combine(folder, id + ".json"), overwrite: true);
            if (objects.TryGetValue(key, out var previous))
            {
                File.Delete(Path.Combine(folder, previous.DataFile));
            }
            objects[key] = record;
        }
        return record;
    }

    public void DeleteObject(string bucket, string key)
    {
        lock (_gate)
        {
            var objects = Objects(bucket);
            if (!objects.Remove(key, out var record))
            {
                return;
            }
            var folder = ObjectsPath(bucket);
            File.Delete(Path.Combine(folder, KeyId(key) + ".json"));
            File.Delete(Path.Combine(folder, record.DataFile));
        }
    }

    public static bool IsValidBucketName(string name) => BucketName().IsMatch(name) && !name.Contains("..");

    /// <summary>The index of one bucket, loaded from its sidecars on first use; callers hold <see cref="_gate"/>.</summary>
    private SortedDictionary<string, ObjectRecord> Objects(string bucket)
    {
        if (_index.TryGetValue(bucket, out var objects))
        {
            return objects;
        }
        if (!BucketExists(bucket))
        {
            throw S3Exception.NoSuchBucket();
        }
        objects = new SortedDictionary<string, ObjectRecord>(StringComparer.Ordinal);
        foreach (var sidecar in Directory.EnumerateFiles(ObjectsPath(bucket), "*.json"))
        {
            var record = JsonSerializer.Deserialize<ObjectRecord>(File.ReadAllText(sidecar), Json)!;
            objects[record.Key] = record;
        }
        _index[bucket] = objects;
        return objects;
    }

    private string BucketPath(string bucket) => Path.Combine(_buckets, bucket);

    private string ObjectsPath(string bucket) => Path.Combine(BucketPath(bucket), "objects");

    private static string KeyId(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
