namespace DataProtection.Core.Restores;

/// <summary>
/// What a backup archive may hold before the dashboard refuses to read it. Kubernetes objects are small (etcd refuses values
/// over ~1.5 MiB), so anything far beyond that is a broken or hostile archive, not a backup.
/// </summary>
public sealed record ArchiveLimits
{
    public long MaxEntries { get; init; } = 4_000_000;

    public long MaxEntryBytes { get; init; } = 16L << 20;

    public long MaxInflatedBytes { get; init; } = 16L << 30;

    public int MaxPathLength { get; init; } = 1024;

    public static readonly ArchiveLimits Default = new();
}

/// <summary>The archive is broken or hostile; the message says which entry and why, and nothing was kept.</summary>
public sealed class BackupArchiveException(string message, Exception? inner = null) : Exception(message, inner);
