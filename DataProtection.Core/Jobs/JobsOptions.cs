using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Core.Jobs;

public sealed class JobsOptions : IConfigSection
{
    public static string SectionName => "Jobs";

    /// <summary>Few workers: Hangfire's SQLite storage serialises writes anyway.</summary>
    [Range(1, 16)]
    public int WorkerCount { get; set; } = 2;

    [Required(AllowEmptyStrings = false), RegularExpression(@"^\S+(\s+\S+){4,5}$", ErrorMessage = "must be a cron expression with 5 or 6 fields.")]
    public string VerifyAuditChainCron { get; set; } = "17 3 * * *";
}
