using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's GC controller: each period, an expired backup gets a DeleteBackupRequest unless one is already pending.</summary>
internal sealed class GarbageCollector(KubeClient kube, VeleroOptions options, ILogger logger)
{
    private string Backups => $"apis/velero.io/v1/namespaces/{options.Namespace}/backups";

    private string Requests => $"apis/velero.io/v1/namespaces/{options.Namespace}/deletebackuprequests";

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await CollectAsync(ct);
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning(e, "Garbage collection of expired backups failed; trying again next period");
            }
            await Task.Delay(options.GarbageCollectionFrequency, options.Time, ct);
        }
    }

    private async Task CollectAsync(CancellationToken ct)
    {
        var now = options.Time.GetUtcNow();
        var pending = ((await kube.ListAsync(Requests, ct))["items"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(r => (string?)r["status"]?["phase"] != "Processed")
            .Select(r => (string?)r["spec"]?["backupName"])
            .ToHashSet();
        foreach (var backup in ((await kube.ListAsync(Backups, ct))["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string)backup["metadata"]!["name"]!;
            if ((string?)backup["status"]?["expiration"] is not { } expiration || DateTimeOffset.Parse(expiration) > now || pending.Contains(name))
                continue;
            logger.LogInformation("Backup {Backup} has expired; requesting its deletion", name);
            await kube.CreateAsync(Requests, new JsonObject
            {
                ["apiVersion"] = "velero.io/v1",
                ["kind"] = "DeleteBackupRequest",
                ["metadata"] = new JsonObject
                {
                    ["generateName"] = $"{name}-",
                    ["labels"] = new JsonObject
                    {
                        ["velero.io/backup-name"] = LabelValue.For(name),
                        ["velero.io/backup-uid"] = (string?)backup["metadata"]!["uid"],
                    },
                },
                ["spec"] = new JsonObject { ["backupName"] = name },
            }, ct);
        }
    }
}
