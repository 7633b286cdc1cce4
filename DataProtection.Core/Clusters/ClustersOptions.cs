using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Core.Clusters;

public sealed class ClustersOptions : IConfigSection
{
    public static string SectionName => "Clusters";

    /// <summary>Per request and per health check, so one unreachable cluster never slows the others.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    [Required(AllowEmptyStrings = false), RegularExpression(@"^\S+(\s+\S+){4,5}$", ErrorMessage = "must be a cron expression with 5 or 6 fields.")]
    public string HealthCron { get; set; } = "*/5 * * * *";

    [Required(AllowEmptyStrings = false), RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", ErrorMessage = "must be a DNS-1123 label.")]
    public string VeleroNamespace { get; set; } = "velero";

    [Range(1, 64)]
    public int MaxParallelChecks { get; set; } = 8;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}
