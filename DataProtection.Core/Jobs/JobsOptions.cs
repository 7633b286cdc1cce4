using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Core.Jobs;

public sealed class JobsOptions : IConfigSection
{
    public static string SectionName => "Jobs";

    /// <summary>Few workers: Hangfire's SQLite storage serialises writes anyway.</summary>
    [Range(1, 16)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>
    /// Workers of the <see cref="WaitQueue"/>: jobs there spend minutes watching a cluster (a restore waiting for Velero's
    /// sync), so they get workers of their own and never hold up backups, schedules or restores behind them.
    /// </summary>
    [Range(1, 64)]
    public int WaitWorkerCount { get; set; } = 4;

    /// <summary>The queue of jobs that mostly wait.</summary>
    public const string WaitQueue = "waits";

    [Required(AllowEmptyStrings = false), RegularExpression(@"^\S+(\s+\S+){4,5}$", ErrorMessage = "must be a cron expression with 5 or 6 fields.")]
    public string VerifyAuditChainCron { get; set; } = "17 3 * * *";
}
