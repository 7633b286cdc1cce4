using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>Answers ServerStatusRequests with the server version and plugins, and removes them a minute after processing.</summary>
internal sealed class ServerStatusRequestController(KubeClient kube, VeleroOptions options, ILogger logger)
    : RequestController(kube, options, logger, "serverstatusrequests")
{
    public const string ServerVersion = "v1.18.0";
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);

    private static readonly (string Name, string Kind)[] Plugins =
    [
        ("velero.io/aws", "ObjectStore"),
        ("velero.io/aws", "VolumeSnapshotter"),
        ("velero.io/pod", "BackupItemAction"),
        ("velero.io/pv", "BackupItemAction"),
        ("velero.io/service-account", "BackupItemAction"),
    ];

    protected override async Task ReconcileAsync(JsonObject request, CancellationToken ct)
    {
        if ((string?)request["status"]?["phase"] == "Processed")
        {
            if ((string?)request["status"]?["processedTimestamp"] is { } processed && DateTimeOffset.Parse(processed) + Ttl <= Options.Time.GetUtcNow())
                await Kube.DeleteAsync(Path(request), ct);
            return;
        }
        await PatchStatusAsync(request, new JsonObject
        {
            ["phase"] = "Processed",
            ["processedTimestamp"] = Timestamps.Format(Options.Time.GetUtcNow()),
            ["serverVersion"] = ServerVersion,
            ["plugins"] = new JsonArray(Plugins.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["kind"] = p.Kind }).ToArray()),
        }, ct);
    }
}
