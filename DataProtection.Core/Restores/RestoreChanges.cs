using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Restores;

/// <summary>
/// A restore changed on <see cref="Cluster"/>: its new state (null when deleted), or, with an empty name, many may have
/// changed (after a relist) and pages reload.
/// </summary>
public sealed record RestoreChange(string Cluster, string Name, RestoreSummary? Restore)
{
    public static RestoreChange Relisted(string cluster) => new(cluster, "", null);

    public bool IsRelist => Name.Length == 0;
}

/// <summary>Restore changes for open pages, from each protected cluster's watch (see <see cref="Common.ChangeFeed{T}"/>).</summary>
public sealed class RestoreChanges(ILogger<RestoreChanges> logger) : Common.ChangeFeed<RestoreChange>(logger)
{
    internal Task PublishAsync(string cluster, System.Text.Json.Nodes.JsonObject restore, bool deleted) =>
        PublishAsync(new RestoreChange(cluster, (string?)restore["metadata"]?["name"] ?? "", deleted ? null : RestoreReader.Summary(cluster, restore)));
}
