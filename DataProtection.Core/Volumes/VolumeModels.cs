namespace DataProtection.Core.Volumes;

/// <summary>
/// One volume of a pod. <see cref="OptedIn"/> and <see cref="Excluded"/> come from the owner's pod template (what the next
/// pods will carry); <see cref="PendingRollout"/> says the running pod's own annotation still differs.
/// </summary>
public sealed record PodVolume(string Name, string Kind, string? ClaimName, string? RequestedSize,
    bool OptedIn, bool Excluded, string? UnsupportedReason, bool PendingRollout)
{
    public bool Supported => UnsupportedReason is null;
}

/// <summary>
/// The controller whose pod template decides the pod's annotations, resolved to the top (Pod → ReplicaSet → Deployment,
/// Pod → Job → CronJob). For a bare pod it is the pod itself. <see cref="ReadOnlyReason"/> is set when we cannot patch it.
/// </summary>
public sealed record WorkloadOwner(string Kind, string Name, string? ReadOnlyReason = null)
{
    public bool Editable => ReadOnlyReason is null;
}

public sealed record PodVolumes(string Pod, WorkloadOwner Owner, IReadOnlyList<PodVolume> Volumes);

/// <summary>One server-side page of pods; <see cref="Continue"/> is null on the last page.</summary>
public sealed record PodVolumesPage(IReadOnlyList<PodVolumes> Items, string? Continue);

public sealed record SetOptInResult(WorkloadOwner Owner, IReadOnlyList<string> BackupVolumes);
