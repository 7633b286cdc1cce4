using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's prepareBackupRequest checks: a usable spec and an existing, available, writable storage location.</summary>
internal sealed class BackupValidator(KubeClient kube, VeleroOptions options)
{
    public sealed record Result(BackupFilter? Filter, JsonObject? Location, IReadOnlyList<string> Errors);

    public async Task<Result> ValidateAsync(JsonObject backup, CancellationToken ct)
    {
        var errors = new List<string>();
        var spec = backup["spec"] as JsonObject ?? [];
        var filter = new BackupFilter(spec);
        errors.AddRange(filter.Errors);
        var locations = $"apis/velero.io/v1/namespaces/{options.Namespace}/backupstoragelocations";
        var name = (string?)spec["storageLocation"] is { Length: > 0 } given ? given : await DefaultLocationAsync(locations, ct);
        var location = await kube.GetAsync($"{locations}/{name}", ct);
        if (location is null)
            errors.Add("a BackupStorageLocation CRD with the name specified in the backup spec needs to be created before this backup can be executed. " +
                $"Error: backupstoragelocations.velero.io \"{name}\" not found");
        else
        {
            var locationName = (string)location["metadata"]!["name"]!;
            if ((string?)location["spec"]?["accessMode"] == "ReadOnly")
                errors.Add($"backup can't be created because backup storage location {locationName} is currently in read-only mode");
            if ((string?)location["status"]?["phase"] == "Unavailable")
                errors.Add($"backup can't be created because BackupStorageLocation {locationName} is in Unavailable status.");
        }
        if (spec["ttl"] is JsonValue ttl && !GoDuration.TryParse((string?)ttl, out _))
            errors.Add($"invalid ttl {(string?)ttl}");
        return new Result(filter.Errors.Count == 0 ? filter : null, location, errors);
    }

    /// <summary>The location marked <c>spec.default</c>, else the server's <c>--default-backup-storage-location</c> ("default").</summary>
    private async Task<string> DefaultLocationAsync(string locations, CancellationToken ct)
    {
        var all = (await kube.ListAsync(locations, ct))["items"] as JsonArray ?? [];
        return all.OfType<JsonObject>().Where(l => (bool?)l["spec"]?["default"] == true).Select(l => (string?)l["metadata"]?["name"]).FirstOrDefault() ?? "default";
    }
}
