using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's PutBackup: log first, then metadata, then the tarball, then the rest; a failure removes what was written.</summary>
internal sealed class BackupUploader(BackupStore store, string name)
{
    private string Key(string file) => $"{store.Root}backups/{name}/{file}";

    public async Task UploadAsync(JsonObject backup, string work, BackupArchive archive, BackupResults results, bool withContents, CancellationToken ct)
    {
        var client = store.Client;
        await client.PutFileAsync(store.Bucket, Key($"{name}-logs.gz"), Path.Combine(work, "log.gz"), ct);
        await client.PutObjectAsync(store.Bucket, Key("velero-backup.json"), JsonOutput.Pretty(backup), ct);
        if (!withContents)
            return;
        var written = new List<string>();
        try
        {
            written.Add(Key($"{name}.tar.gz"));
            await client.PutFileAsync(store.Bucket, written[^1], Path.Combine(work, "backup.tar.gz"), ct);
            var files = new (string File, JsonNode? Content)[]
            {
                ($"{name}-resource-list.json.gz", archive.ResourceListJson()),
                ($"{name}-results.gz", results.ToJson()),
                ($"{name}-volumesnapshots.json.gz", null),
                ($"{name}-podvolumebackups.json.gz", null),
                ($"{name}-itemoperations.json.gz", null),
                ($"{name}-volumeinfo.json.gz", null),
            };
            foreach (var (file, content) in files)
            {
                written.Add(Key(file));
                await client.PutObjectAsync(store.Bucket, written[^1], JsonOutput.Gzip(content), ct);
            }
        }
        catch (S3ClientException)
        {
            foreach (var key in written.Append(Key("velero-backup.json")))
                await client.DeleteObjectAsync(store.Bucket, key, CancellationToken.None);
            throw;
        }
    }
}
