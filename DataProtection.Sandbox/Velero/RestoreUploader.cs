using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's PutRestoreLog, putResults, putRestoredResourceList, putOperationsForRestore and putRestoreVolumeInfoList.</summary>
internal sealed class RestoreUploader(BackupStore store, string name)
{
    private string Key(string file) => $"{store.Root}restores/{name}/{file}";

    /// <summary>Uploads the log; a failure becomes a Velero error of the restore, as in Velero.</summary>
    public async Task UploadLogAsync(string logPath, RestoreResults results, CancellationToken ct)
    {
        try
        {
            await store.Client.PutFileAsync(store.Bucket, Key($"restore-{name}-logs.gz"), logPath, ct);
        }
        catch (Exception e) when (e is S3ClientException or HttpRequestException)
        {
            results.VeleroError($"error uploading log file to backup storage: {e.Message}");
        }
    }

    /// <summary>The other files. Both lists start empty and non-nil in Velero, so they are written as [] rather than null.</summary>
    public async Task UploadRestAsync(RestoreResults results, JsonObject resourceList, CancellationToken ct)
    {
        var files = new (string File, JsonNode? Content)[]
        {
            ($"restore-{name}-results.gz", results.ToJson()),
            ($"restore-{name}-resource-list.json.gz", resourceList),
            ($"restore-{name}-itemoperations.json.gz", new JsonArray()),
            ($"{name}-volumeinfo.json.gz", new JsonArray()),
        };
        foreach (var (file, content) in files)
            await store.Client.PutObjectAsync(store.Bucket, Key(file), JsonOutput.Gzip(content), ct);
    }
}
