using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>Runs one Restore: validate, stream the backup's tarball, restore the selected items in order, upload the files, record the outcome.</summary>
internal sealed class RestoreRunner(KubeClient kube, HttpClient http, VeleroOptions options, ILogger logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(JsonObject restore, CancellationToken ct)
    {
        var name = (string)restore["metadata"]!["name"]!;
        var path = $"apis/velero.io/v1/namespaces/{options.Namespace}/restores/{name}";
        using var scope = logger.BeginScope("Restore {Restore}", name);
        // Deleted while it waited in the queue: the finalizer handles it, and a run would only add the finalizer back.
        if (await kube.GetAsync(path, ct) is not { } current || current["metadata"]?["deletionTimestamp"] is not null)
            return;
        restore = current;
        var validation = await new RestoreValidator(kube, options).ValidateAsync(restore, ct);
        var status = validation.Errors.Count > 0
            ? new JsonObject { ["phase"] = "FailedValidation", ["validationErrors"] = new JsonArray(validation.Errors.Select(e => (JsonNode?)e).ToArray()) }
            : new JsonObject { ["phase"] = "InProgress", ["startTimestamp"] = Timestamps.Format(options.Time.GetUtcNow()) };
        restore = await kube.MergePatchAsync(path, new JsonObject
        {
            ["metadata"] = RestoreFinalizer.AddPatch(restore),
            ["spec"] = validation.SpecPatch,
            ["status"] = status.DeepClone(),
        }, ct);
        if (validation.Errors.Count > 0)
            return;
        var work = Directory.CreateTempSubdirectory("velero-restore-");
        try
        {
            await RunInDirectoryAsync(path, name, (JsonObject)restore["spec"]!, status, validation.Location!, work.FullName, ct);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task RunInDirectoryAsync(string path, string name, JsonObject spec, JsonObject status, JsonObject location, string work,
        CancellationToken ct)
    {
        var backupName = (string)spec["backupName"]!;
        var results = new RestoreResults();
        using var log = new RestoreLog(Path.Combine(work, "log.gz"), $"{options.Namespace}/{name}", options.Time);
        BackupStore store;
        RestoreArchive archive;
        try
        {
            store = await BackupStore.ResolveAsync(location, options.Namespace, kube, http, options.Time, ct);
            using var response = await store.Client.GetObjectStreamAsync(store.Bucket, $"{store.Root}backups/{backupName}/{backupName}.tar.gz", ct);
            archive = await RestoreArchive.ExtractAsync(await response.Content.ReadAsStreamAsync(ct), Path.Combine(work, "items"), ct);
        }
        catch (Exception e) when (e is S3ClientException or HttpRequestException or IOException or InvalidOperationException or InvalidDataException)
        {
            logger.LogWarning("Restore {Restore} failed: {Reason}", name, e.Message);
            status["phase"] = "Failed";
            status["failureReason"] = $"error downloading backup: {e.Message}";
            status["completionTimestamp"] = Timestamps.Format(options.Time.GetUtcNow());
            await PatchStatusAsync(path, status, ct);
            return;
        }
        log.Info("starting restore");
        log.Info($"Starting restore of backup {options.Namespace}/{backupName}");
        var discovery = await Discovery.PreferredResourcesAsync(kube, ct);
        var restorer = new RestoreItemRestorer(kube, archive, spec, name, results, log, discovery);
        await RestoreItemsAsync(path, spec, status, archive, discovery, restorer, results, log, ct);
        foreach (var (level, message) in results.Messages())
            log.Write(level, message);
        log.Info("restore completed");
        log.Dispose();
        var uploader = new RestoreUploader(store, name);
        await uploader.UploadLogAsync(log.Path, results, ct);
        try
        {
            await uploader.UploadRestAsync(results, restorer.ResourceList(), ct);
        }
        catch (Exception e) when (e is S3ClientException or HttpRequestException)
        {
            logger.LogError("Error uploading restore results to backup storage: {Reason}", e.Message);
        }
        if (results.WarningCount > 0)
            status["warnings"] = results.WarningCount;
        if (results.ErrorCount > 0)
            status["errors"] = results.ErrorCount;
        status["phase"] = results.ErrorCount > 0 ? "FinalizingPartiallyFailed" : "Finalizing";
        await PatchStatusAsync(path, status, ct);
        status["phase"] = results.ErrorCount > 0 ? "PartiallyFailed" : "Completed";
        status["completionTimestamp"] = Timestamps.Format(options.Time.GetUtcNow());
        await PatchStatusAsync(path, status, ct);
    }

    private async Task RestoreItemsAsync(string path, JsonObject spec, JsonObject status, RestoreArchive archive, IReadOnlyList<ApiResource> discovery,
        RestoreItemRestorer restorer, RestoreResults results, RestoreLog log, CancellationToken ct)
    {
        List<RestorePlan.Item> plan;
        try
        {
            plan = await RestorePlan.BuildAsync(archive, spec, discovery, log, ct);
        }
        catch (FormatException e)
        {
            results.VeleroError(e.Message);
            return;
        }
        var progress = new JsonObject { ["totalItems"] = plan.Count, ["itemsRestored"] = 0 };
        status["progress"] = progress;
        await PatchStatusAsync(path, status, ct);
        var lastPatch = options.Time.GetUtcNow();
        for (var i = 0; i < plan.Count; i++)
        {
            var (resource, ns, itemName) = plan[i];
            if (resource == "namespaces")
                await restorer.EnsureNamespaceAsync(itemName, ct);
            else if (await archive.ReadAsync(resource, ns, itemName, ct) is { } item)
                await restorer.RestoreAsync(item, resource, ns, ct);
            else
                results.Error(restorer.TargetNamespace(ns), $"error decoding \"resources/{resource}/{(ns.Length > 0 ? $"namespaces/{ns}" : "cluster")}/{itemName}.json\"");
            // Items restored plus those still to go: the estimate Velero reports, which moves as items turn out to be skipped.
            progress["totalItems"] = restorer.RestoredCount + plan.Count - i - 1;
            progress["itemsRestored"] = restorer.RestoredCount;
            log.Info($"Restored {restorer.RestoredCount} items out of an estimated total of {progress["totalItems"]} (estimate will change throughout the restore)");
            if (options.ItemDelay > TimeSpan.Zero)
                await Task.Delay(options.ItemDelay, options.Time, ct);
            if (options.ItemDelay > TimeSpan.Zero || options.Time.GetUtcNow() - lastPatch >= ProgressInterval)
            {
                await PatchStatusAsync(path, status, ct);
                lastPatch = options.Time.GetUtcNow();
            }
        }
        progress["totalItems"] = restorer.RestoredCount;
        progress["itemsRestored"] = restorer.RestoredCount;
    }

    private Task PatchStatusAsync(string path, JsonObject status, CancellationToken ct) =>
        kube.MergePatchAsync(path, new JsonObject { ["status"] = status.DeepClone() }, ct);
}
