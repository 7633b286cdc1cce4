using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Core.StorageLocations;

public sealed class StorageOptions : IConfigSection
{
    public static string SectionName => "Storage";

    /// <summary>Per S3 request, so an unreachable endpoint fails the validation quickly.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    [Required(AllowEmptyStrings = false), RegularExpression(@"^\S+(\s+\S+){4,5}$", ErrorMessage = "must be a cron expression with 5 or 6 fields.")]
    public string UsageCron { get; set; } = "7 * * * *";

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}
