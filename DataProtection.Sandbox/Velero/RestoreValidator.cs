using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>Velero's validateAndComplete: the spec's lists, the source (backup xor schedule), the backup and its location.</summary>
internal sealed class RestoreValidator(KubeClient kube, VeleroOptions options)
{
    private static readonly string[] Policies = ["none", "update"];

    /// <summary>The errors, the spec fields the server fills in, and the backup with its location when they were found.</summary>
    public sealed record Result(IReadOnlyList<string> Errors, JsonObject SpecPatch, JsonObject? Backup, JsonObject? Location);

    public async Task<Result> ValidateAsync(JsonObject restore, CancellationToken ct)
    {
        var spec = restore["spec"] as JsonObject ?? [];
        var errors = RestoreFilter.Validate(spec);
        var patch = new JsonObject
        {
            ["excludedResources"] = new JsonArray(RestoreFilter.Strings(spec["excludedResources"]).Union(RestoreFilter.NonRestorable)
                .Select(r => (JsonNode?)r).ToArray()),
            ["itemOperationTimeout"] = (string?)spec["itemOperationTimeout"] ?? "4h0m0s",
        };
        var backupName = (string?)spec["backupName"] ?? "";
        var scheduleName = (string?)spec["scheduleName"] ?? "";
        if (backupName.Length > 0 == scheduleName.Length > 0)
        {
            errors.Add("Either a backup or schedule must be specified as a source for the restore, but not both");
            return new Result(errors, patch, null, null);
        }
        if ((string?)spec["existingResourcePolicy"] is { Length: > 0 } policy && !Policies.Contains(policy))
            errors.Add($"Invalid ExistingResourcePolicy: {policy}");
        var backups = $"apis/velero.io/v1/namespaces/{options.Namespace}/backups";
        if (scheduleName.Length > 0)
        {
            var list = await kube.ListAsync($"{backups}?labelSelector={Uri.EscapeDataString($"velero.io/schedule-name={scheduleName}")}", ct);
            var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (items.Count == 0)
                errors.Add("No backups found for schedule");
            var latest = items.OrderByDescending(b => (string?)b["status"]?["startTimestamp"] is { } t ? DateTimeOffset.Parse(t) : DateTimeOffset.MinValue)
                .FirstOrDefault(b => (string?)b["status"]?["phase"] == "Completed");
            if (latest is null)
            {
                errors.Add("No completed backups found for schedule");
                return new Result(errors, patch, null, null);
            }
            backupName = (string)latest["metadata"]!["name"]!;
            patch["backupName"] = backupName;
        }
        var backup = await kube.GetAsync($"{backups}/{backupName}", ct);
        if (backup is null)
        {
            errors.Add($"Error retrieving backup: can't find backup {options.Namespace}/{backupName}: backups.velero.io \"{backupName}\" not found");
            return new Result(errors, patch, null, null);
        }
        var locationName = (string?)backup["spec"]?["storageLocation"] ?? "";
        var location = await kube.GetAsync($"apis/velero.io/v1/namespaces/{options.Namespace}/backupstoragelocations/{locationName}", ct);
        if (location is null)
        {
            errors.Add($"Error retrieving backup: backupstoragelocations.velero.io \"{locationName}\" not found");
            return new Result(errors, patch, backup, null);
        }
        if ((string?)location["status"]?["phase"] != "Available")
        {
            errors.Add($"The BSL {locationName} is unavailable, cannot retrieve the backup");
            return new Result(errors, patch, backup, location);
        }
        if (scheduleName.Length == 0 && (string?)backup["metadata"]?["labels"]?["velero.io/schedule-name"] is { Length: > 0 } fromBackup)
            patch["scheduleName"] = fromBackup;
        return new Result(errors, patch, backup, location);
    }
}
