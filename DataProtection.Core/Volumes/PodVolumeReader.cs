using System.Text.Json.Nodes;

namespace DataProtection.Core.Volumes;

/// <summary>Turns a pod, its owner's object and the namespace's claims into what the page shows.</summary>
internal static class PodVolumeReader
{
    public static PodVolumes Read(JsonObject pod, ResolvedOwner owner, JsonObject? ownerObject, IReadOnlyDictionary<string, string?> claimSizes)
    {
        var podAnnotations = pod["metadata"]?["annotations"];
        // The template is the truth for what the next pods carry; without one we can only report the pod as it is.
        var truth = owner.Owner.Editable && ownerObject is not null ? owner.Annotations(ownerObject) : podAnnotations;
        var optedIn = BackupAnnotations.Read(truth, BackupAnnotations.BackupVolumes);
        var excluded = BackupAnnotations.Read(truth, BackupAnnotations.BackupVolumesExcludes);
        var live = BackupAnnotations.Read(podAnnotations, BackupAnnotations.BackupVolumes);
        var volumes = Volumes(pod).Select(v =>
        {
            var name = (string?)v["name"] ?? "";
            var claim = (string?)v["persistentVolumeClaim"]?["claimName"];
            var isOptedIn = optedIn.Contains(name);
            return new PodVolume(name, VolumeSources.KindOf(v), claim, claim is null ? null : claimSizes.GetValueOrDefault(claim),
                isOptedIn, excluded.Contains(name), VolumeSources.UnsupportedReason(v), isOptedIn != live.Contains(name));
        }).ToList();
        return new PodVolumes((string?)pod["metadata"]?["name"] ?? "", owner.Owner, volumes);
    }

    public static IEnumerable<JsonObject> Volumes(JsonObject pod) => (pod["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>();

    public static Dictionary<string, string?> ClaimSizes(IEnumerable<JsonObject> claims) =>
        claims.Where(c => c["metadata"]?["name"] is not null)
            .ToDictionary(c => (string)c["metadata"]!["name"]!, c => (string?)c["spec"]?["resources"]?["requests"]?["storage"], StringComparer.Ordinal);
}
