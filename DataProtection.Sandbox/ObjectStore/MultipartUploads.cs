using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>
/// Uploads in progress under <c>uploads/&lt;id&gt;/</c>: <c>upload.json</c> plus one data file and one ETag file per part. Parts may arrive
/// concurrently and out of order (WIRE.md G15); each is its own file, renamed into place when complete.
/// </summary>
public sealed class MultipartUploads(S3Store store)
{
    public const long MinPartSize = 5 * 1024 * 1024;
    private readonly string _root = Directory.CreateDirectory(Path.Combine(store.DataDirectory, "uploads")).FullName;

    private sealed record Upload(string Bucket, string Key, ObjectProperties Properties);

    private sealed record Part(int Number, long Size, string ETag);

    public string Create(string bucket, string key, ObjectProperties properties)
    {
        if (!store.BucketExists(bucket))
        {
            throw S3Exception.NoSuchBucket();
        }
        var id = Guid.NewGuid().ToString("N");
        var folder = Directory.CreateDirectory(Path.Combine(_root, id)).FullName;
        File.WriteAllText(Path.Combine(folder, "upload.json"), JsonSerializer.Serialize(new Upload(bucket, key, properties)));
        return id;
    }

    public async Task<string> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream body, CancellationToken cancellationToken)
    {
        if (partNumber is < 1 or > 10000)
        {
            throw S3Exception.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive");
        }
        var folder = Find(bucket, key, uploadId).Folder;
        using var blob = await store.WriteTempAsync(body, cancellationToken);
        var name = partNumber.ToString("D5", CultureInfo.InvariantCulture);
        File.Move(blob.Path, Path.Combine(folder, name + ".data"), overwrite: true);
        var etagTemp = Path.Combine(store.TempDirectory, Guid.NewGuid().ToString("N"));
        File.WriteAllText(etagTemp, JsonSerializer.Serialize(new Part(partNumber, blob.Size, blob.ETag)));
        File.Move(etagTemp, Path.Combine(folder, name + ".json"), overwrite: true);
        return blob.ETag;
    }

    public async Task<ObjectRecord> CompleteAsync(string bucket, string key, string uploadId, IReadOnlyList<(int Number, string ETag)> requested,
        CancellationToken cancellationToken)
    {
        var (folder, upload) = Find(bucket, key, uploadId);
        if (requested.Count == 0)
        {
            throw S3Exception.MalformedXml();
        }
        var parts = new List<Part>();
        for (var i = 0; i < requested.Count; i++)
        {
            if (i > 0 && requested[i].Number <= requested[i - 1].Number)
            {
                throw S3Exception.InvalidPartOrder();
            }
            var file = Path.Combine(folder, requested[i].Number.ToString("D5", CultureInfo.InvariantCulture) + ".json");
            var part = File.Exists(file) ? JsonSerializer.Deserialize<Part>(File.ReadAllText(file))! : null;
            if (part is null || part.ETag.Trim('"') != requested[i].ETag.Trim('"'))
            {
                throw S3Exception.InvalidPart();
            }
            if (i < requested.Count - 1 && part.Size < MinPartSize)
            {
                throw S3Exception.EntityTooSmall();
            }
            parts.Add(part);
        }
        using var blob = await ConcatenateAsync(folder, parts, cancellationToken);
        var etag = MultipartETag(parts.Select(p => p.ETag));
        var record = store.CommitObject(bucket, key, blob, upload.Properties, etag);
        Directory.Delete(folder, recursive: true);
        return record;
    }

    public void Abort(string bucket, string key, string uploadId) => Directory.Delete(Find(bucket, key, uploadId).Folder, recursive: true);

    /// <summary>S3's multipart ETag: MD5 of the concatenated binary part MD5s, then "-" and the part count.</summary>
    public static string MultipartETag(IEnumerable<string> partETags)
    {
        var digests = partETags.Select(e => Convert.FromHexString(e.Trim('"'))).ToList();
        return $"\"{Convert.ToHexStringLower(MD5.HashData(digests.SelectMany(d => d).ToArray()))}-{digests.Count}\"";
    }

    private async Task<TempBlob> ConcatenateAsync(string folder, IReadOnlyList<Part> parts, CancellationToken cancellationToken)
    {
        var sources = parts.Select(p => Path.Combine(folder, p.Number.ToString("D5", CultureInfo.InvariantCulture) + ".data")).ToList();
        await using var joined = new ConcatenatedFiles(sources);
        return await store.WriteTempAsync(joined, cancellationToken);
    }

    private (string Folder, Upload Upload) Find(string bucket, string key, string uploadId)
    {
        if (!store.BucketExists(bucket))
        {
            throw S3Exception.NoSuchBucket();
        }
        var folder = Path.Combine(_root, uploadId);
        var manifest = Path.Combine(folder, "upload.json");
        if (uploadId.Length == 0 || uploadId.Any(c => !char.IsAsciiLetterOrDigit(c)) || !File.Exists(manifest))
        {
            throw S3Exception.NoSuchUpload();
        }
        var upload = JsonSerializer.Deserialize<Upload>(File.ReadAllText(manifest))!;
        return upload.Bucket == bucket && upload.Key == key ? (folder, upload) : throw S3Exception.NoSuchUpload();
    }

    private sealed class ConcatenatedFiles(IReadOnlyList<string> paths) : ForwardStream
    {
        private int _index;
        private FileStream? _current;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_index < paths.Count)
            {
                _current ??= new FileStream(paths[_index], FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
                var read = await _current.ReadAsync(buffer, cancellationToken);
                if (read > 0)
                {
                    return read;
                }
                await _current.DisposeAsync();
                _current = null;
                _index++;
            }
            return 0;
        }

        public override async ValueTask DisposeAsync()
        {
            if (_current is not null)
            {
                await _current.DisposeAsync();
            }
            await base.DisposeAsync();
        }
    }
}
