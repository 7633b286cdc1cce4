using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Core.Restores;

public sealed class RestoresOptions : IConfigSection
{
    public static string SectionName => "Restores";

    /// <summary>
    /// How long a restore of another cluster's backup waits for Velero's backup sync to show the backup on the target (the sync
    /// runs every minute by default, and a new location is validated first) before it fails without creating anything.
    /// </summary>
    [Range(1, 86400)]
    public int SyncTimeoutSeconds { get; set; } = 600;

    public TimeSpan SyncTimeout => TimeSpan.FromSeconds(SyncTimeoutSeconds);
}
