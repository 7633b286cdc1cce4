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
        BackupFilter? filter = null;
        try
        {
            filter = new BackupFilter(spec);
        }
        catch (FormatException e)
        {
            errors.Add(e.Message);
        }
        var locations = $"apis/velero.io/v1/namespaces/{options.Namespace}/backupstoragelocations";
        JsonObject? location;
        if ((string?)spec["storageLocation"] is { Length: > 0 } name)
        {
            location = await kube.GetAsync($"{locations}/{name}", ct);
            if (location is null)
                errors.Add($"an existing backup storage location was not specified at backup creation time and the default '{name}' was not found. " +
                    "Please address this issue (see `velero backup-location -h` for options) and create a new backup. " +
                    $"Error: backupstoragelocations.velero.io \"{name}\" not found");
        }
        else
        {
            var all = (await kube.ListAsync(locations, ct))["items"] as JsonArray ?? [];
            location = all.OfType<JsonObject>().FirstOrDefault(l => (bool?)l["spec"]?["default"] == true)
                ?? all.OfType<JsonObject>().FirstOrDefault(l => (string?)l["metadata"]?["name"] == "default");
            if (location is null)
                errors.Add("an existing backup storage location was not specified at backup creation time and the server default 'default' does not exist. " +
                    "Please address this issue (see `velero backup-location -h` for options) and create a new backup. " +
                    "Error: backupstoragelocations.velero.io \"default\" not found");
        }
        if (location is not null)
        {
            var locationName = (string)location["metadata"]!["name"]!;
            if ((string?)location["spec"]?["accessMode"] == "ReadOnly")
                errors.Add($"backup can't be created because backup storage location {locationName} is currently in read-only mode");
            if ((string?)location["status"]?["phase"] == "Unavailable")
                errors.Add($"backup can't be created because BackupStorageLocation {locationName} is in Unavailable status.");
        }
        if (spec["ttl"] is JsonValue ttl && !GoDuration.TryParse((string?)ttl, out _))
            errors.Add($"invalid ttl {(string?)ttl}");
        return new Result(filter, location, errors);
    }
}
