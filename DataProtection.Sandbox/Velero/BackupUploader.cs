using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's PutBackup: log first, then metadata, then the tarball, then the rest; a failure removes what was written.</summary>
internal sealed class BackupUploader(BackupStore store, string name)
{
    private string Key(string file) => $"{store.Root}backups/{name}/{file}";

    public async Task UploadAsync(JsonObject backup, string work, BackupArchive archive, BackupResults results, VolumeFiles? volumes, CancellationToken ct)
    {
        var client = store.Client;
        await client.PutFileAsync(store.Bucket, Key($"{name}-logs.gz"), Path.Combine(work, "log.gz"), ct);
        await client.PutObjectAsync(store.Bucket, Key("velero-backup.json"), JsonOutput.Pretty(backup), ct);
        // Without the volume files the item pass did not finish, and a failed backup keeps only its log and metadata.
        if (volumes is null)
            return;
        var written = new List<string>();
        try
        {
            written.Add(Key($"{name}.tar.gz"));
            await client.PutFileAsync(store.Bucket, written[^1], Path.Combine(work, "backup.tar.gz"), ct);
            var files = new (string File, JsonNode? Content, bool Sorted)[]
            {
                ($"{name}-resource-list.json.gz", archive.ResourceListJson(), true),
                ($"{name}-results.gz", results.ToJson(), true),
                ($"{name}-volumesnapshots.json.gz", volumes.VolumeSnapshots, false),
                ($"{name}-podvolumebackups.json.gz", volumes.PodVolumeBackups, false),
                ($"{name}-itemoperations.json.gz", null, true),
                ($"{name}-volumeinfo.json.gz", volumes.VolumeInfo, false),
            };
            foreach (var (file, content, sorted) in files)
            {
                written.Add(Key(file));
                await client.PutObjectAsync(store.Bucket, written[^1], JsonOutput.Gzip(content, sorted), ct);
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
