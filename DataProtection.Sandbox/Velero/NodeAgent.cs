using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// The node-agent's PodVolumeBackup controller, one volume at a time as its default per-node concurrency of 1 does:
/// Accepted → Prepared → InProgress with status.progress moving at <see cref="VeleroOptions.VolumeBytesPerSecond"/> → Completed.
/// </summary>
internal sealed class NodeAgent(KubeClient kube, VeleroOptions options)
{
    private readonly SemaphoreSlim _slot = new(1, 1);

    public async Task<JsonObject> RunAsync(string path, long totalBytes, string dataPath, Func<CancellationToken, Task<string>> snapshot,
        CancellationToken ct)
    {
        await _slot.WaitAsync(ct);
        try
        {
            await PatchAsync(path, new() { ["phase"] = "Accepted", ["acceptedTimestamp"] = Now() }, ct);
            await PatchAsync(path, new() { ["phase"] = "Prepared" }, ct);
            var progress = new JsonObject { ["totalBytes"] = totalBytes, ["bytesDone"] = 0 };
            await PatchAsync(path, new() { ["phase"] = "InProgress", ["startTimestamp"] = Now(), ["progress"] = progress }, ct);
            var step = (long)Math.Max(1, options.VolumeBytesPerSecond * options.VolumeProgressInterval.TotalSeconds);
            for (var done = 0L; options.VolumeBytesPerSecond > 0 && done < totalBytes;)
            {
                await Task.Delay(options.VolumeProgressInterval, options.Time, ct);
                done = Math.Min(totalBytes, done + step);
                await PatchAsync(path, new() { ["progress"] = new JsonObject { ["totalBytes"] = totalBytes, ["bytesDone"] = done } }, ct);
            }
            var completed = new JsonObject
            {
                ["phase"] = "Completed",
                ["path"] = dataPath,
                ["completionTimestamp"] = Now(),
                ["progress"] = new JsonObject { ["totalBytes"] = totalBytes, ["bytesDone"] = totalBytes },
            };
            // Kopia takes no snapshot of an empty volume, and Velero says so in the message.
            if (totalBytes == 0)
                completed["message"] = "volume was empty so no snapshot was taken";
            else
            {
                try
                {
                    completed["snapshotID"] = await snapshot(ct);
                    completed["incrementalBytes"] = totalBytes;
                }
                catch (Exception e) when (e is S3ClientException or HttpRequestException or InvalidOperationException)
                {
                    completed["phase"] = "Failed";
                    completed["message"] = $"error running kopia backup: {e.Message}";
                }
            }
            return await PatchAsync(path, completed, ct);
        }
        finally
        {
            _slot.Release();
        }
    }

    private string Now() => Timestamps.Format(options.Time.GetUtcNow());

    private Task<JsonObject> PatchAsync(string path, JsonObject status, CancellationToken ct) =>
        kube.MergePatchAsync(path, new JsonObject { ["status"] = status }, ct);
}
