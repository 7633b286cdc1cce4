using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Core.Backups;

public sealed class BackupsOptions : IConfigSection, IValidatableObject
{
    public static string SectionName => "Backups";

    /// <summary>
    /// The server-side watch timeout. One watch request per resource per this period is the idle cost, so 300 s keeps it
    /// at 0.4 requests a minute per cluster (Backups and PodVolumeBackups).
    /// </summary>
    [Range(10, 1800)]
    public int WatchTimeoutSeconds { get; set; } = 300;

    [Range(100, 60000)]
    public int MinBackoffMilliseconds { get; set; } = 1000;

    [Range(1, 600)]
    public int MaxBackoffSeconds { get; set; } = 30;

    /// <summary>How often the hub re-reads which clusters to watch from the database (no cluster requests).</summary>
    [Range(1, 3600)]
    public int ClusterScanSeconds { get; set; } = 30;

    /// <summary>How long a log or results download waits for Velero to process its DownloadRequest.</summary>
    [Range(1, 600)]
    public int DownloadTimeoutSeconds { get; set; } = 30;

    [Required(AllowEmptyStrings = false), RegularExpression(@"^\S+(\s+\S+){4,5}$", ErrorMessage = "must be a cron expression with 5 or 6 fields.")]
    public string ReconcileCron { get; set; } = "*/15 * * * *";

    public TimeSpan MinBackoff => TimeSpan.FromMilliseconds(MinBackoffMilliseconds);

    public TimeSpan MaxBackoff => TimeSpan.FromSeconds(MaxBackoffSeconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinBackoff > MaxBackoff)
        {
            yield return new ValidationResult($"must not be longer than MaxBackoffSeconds ({MaxBackoffSeconds} s).", [nameof(MinBackoffMilliseconds)]);
        }
    }
}
