using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>Runs one Backup: validate, resolve defaults, collect, write the tarball item by item, upload, record the outcome.</summary>
internal sealed class BackupRunner(KubeClient kube, HttpClient http, VeleroOptions options, ILogger logger)
{
    private static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(720);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(JsonObject backup, CancellationToken ct)
    {
        var name = (string)backup["metadata"]!["name"]!;
        var path = $"apis/velero.io/v1/namespaces/{options.Namespace}/backups/{name}";
        using var scope = logger.BeginScope("Backup {Backup}", name);
        var validation = await new BackupValidator(kube, options).ValidateAsync(backup, ct);
        var now = options.Time.GetUtcNow();
        if (validation.Errors.Count > 0)
        {
            await PatchStatusAsync(path, new JsonObject
            {
                ["phase"] = "FailedValidation",
                ["validationErrors"] = new JsonArray(validation.Errors.Select(e => (JsonNode?)e).ToArray()),
                ["version"] = 1,
                ["formatVersion"] = BackupArchive.FormatVersion,
            }, ct);
            return;
        }
        var location = validation.Location!;
        var locationName = (string)location["metadata"]!["name"]!;
        backup = await ResolveDefaultsAsync(path, backup, locationName, ct);
        GoDuration.TryParse((string?)backup["spec"]!["ttl"], out var ttl);
        var status = new JsonObject
        {
            ["phase"] = "InProgress",
            ["version"] = 1,
            ["formatVersion"] = BackupArchive.FormatVersion,
            ["startTimestamp"] = Timestamps.Format(now),
            ["expiration"] = Timestamps.Format(now + ttl),
        };
        var started = (JsonObject)status.DeepClone();
        started["queuePosition"] = null;
        await PatchStatusAsync(path, started, ct);

        var work = Directory.CreateTempSubdirectory("velero-backup-");
        try
        {
            await RunInDirectoryAsync(path, name, backup, status, location, validation.Filter!, work.FullName, ct);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task RunInDirectoryAsync(string path, string name, JsonObject backup, JsonObject status, JsonObject location,
        BackupFilter filter, string work, CancellationToken ct)
    {
        var results = new BackupResults();
        using var log = new BackupLog(Path.Combine(work, "log.gz"), $"{options.Namespace}/{name}", options.Time);
        var archive = new BackupArchive(options.Time);
        string? failure = null;
        VolumeFiles? volumeFiles = null;
        try
        {
            log.Info("Setting up backup temp file");
            var collected = await new ItemCollector(kube, filter, log, results).CollectAsync(Path.Combine(work, "items.jsonl"), ct);
            status["progress"] = new JsonObject { ["totalItems"] = collected.Count, ["itemsBackedUp"] = 0 };
            await PatchStatusAsync(path, status, ct);
            log.Info("Writing backup version file");
            var volumes = new BackupVolumes(kube, http, options, backup, location, new VolumeLog(log, results));
            var lastPatch = options.Time.GetUtcNow();
            await archive.WriteAsync(collected, Path.Combine(work, "backup.tar.gz"), async (done, resource, item) =>
            {
                await volumes.OnItemAsync(resource, item, ct);
                status["progress"]!["itemsBackedUp"] = done;
                if (options.ItemDelay > TimeSpan.Zero)
                    await Task.Delay(options.ItemDelay, options.Time, ct);
                if (options.ItemDelay > TimeSpan.Zero || options.Time.GetUtcNow() - lastPatch >= ProgressInterval)
                {
                    await PatchStatusAsync(path, status, ct);
                    lastPatch = options.Time.GetUtcNow();
                }
            }, ct);
            volumeFiles = await volumes.FinishAsync(ct);
            log.Info($"Backed up a total of {collected.Count} items");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            failure = e.Message;
            log.Error($"backup failed: {e.Message}");
        }
        status["phase"] = failure is not null ? "Failed" : results.ErrorCount > 0 ? "PartiallyFailed" : "Completed";
        status["completionTimestamp"] = Timestamps.Format(options.Time.GetUtcNow());
        if (results.ErrorCount > 0)
            status["errors"] = results.ErrorCount;
        if (results.WarningCount > 0)
            status["warnings"] = results.WarningCount;
        if (failure is not null)
            status["failureReason"] = failure;
        // The gzip stream must end before the log is uploaded.
        log.Dispose();
        try
        {
            var store = await BackupStore.ResolveAsync(location, options.Namespace, kube, http, options.Time, ct);
            var final = (await kube.GetAsync(path, ct)) ?? backup;
            final["status"] = status.DeepClone();
            await new BackupUploader(store, name).UploadAsync(final, work, archive, results, volumeFiles, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or S3ClientException or HttpRequestException)
        {
            status["phase"] = "Failed";
            status["failureReason"] = $"error uploading backup: {e.Message}";
            logger.LogWarning("Uploading backup {Backup} failed: {Reason}", name, e.Message);
        }
        await PatchStatusAsync(path, status, ct);
    }

    /// <summary>The server writes its resolved defaults into the Backup, as Velero's prepareBackupRequest does.</summary>
    private async Task<JsonObject> ResolveDefaultsAsync(string path, JsonObject backup, string locationName, CancellationToken ct)
    {
        var spec = backup["spec"] as JsonObject ?? [];
        var version = await kube.GetAsync("version", ct);
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["labels"] = new JsonObject { ["velero.io/storage-location"] = LabelValue.For(locationName) },
                ["annotations"] = new JsonObject
                {
                    ["velero.io/source-cluster-k8s-gitversion"] = (string?)version?["gitVersion"] ?? "",
                    ["velero.io/source-cluster-k8s-major-version"] = (string?)version?["major"] ?? "",
                    ["velero.io/source-cluster-k8s-minor-version"] = (string?)version?["minor"] ?? "",
                    ["velero.io/resource-timeout"] = "10m0s",
                },
            },
            ["spec"] = new JsonObject
            {
                ["storageLocation"] = locationName,
                ["ttl"] = (string?)spec["ttl"] ?? GoDuration.Format(DefaultTtl),
                ["csiSnapshotTimeout"] = (string?)spec["csiSnapshotTimeout"] ?? "10m0s",
                ["itemOperationTimeout"] = (string?)spec["itemOperationTimeout"] ?? "4h0m0s",
                ["defaultVolumesToFsBackup"] = (bool?)spec["defaultVolumesToFsBackup"] ?? false,
                ["snapshotMoveData"] = (bool?)spec["snapshotMoveData"] ?? false,
                ["volumeGroupSnapshotLabelKey"] = (string?)spec["volumeGroupSnapshotLabelKey"] ?? "velero.io/volume-group",
            },
        };
        return await kube.MergePatchAsync(path, patch, ct);
    }

    private Task PatchStatusAsync(string path, JsonObject status, CancellationToken ct) =>
        kube.MergePatchAsync(path, new JsonObject { ["status"] = status.DeepClone() }, ct);
}
