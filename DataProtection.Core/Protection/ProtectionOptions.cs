using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Core.Protection;

public sealed class ProtectionOptions : IConfigSection
{
    public static string SectionName => "Protection";

    /// <summary>How long enabling waits for Velero to answer and for the default location to become Available.</summary>
    [Range(5, 3600)]
    public int ReadyTimeoutSeconds { get; set; } = 180;

    /// <summary>How long disabling with "delete backups" waits for Velero to delete them all before giving up (nothing uninstalled).</summary>
    [Range(5, 86400)]
    public int DeleteBackupsTimeoutSeconds { get; set; } = 600;

    /// <summary>How long a status check waits for a ServerStatusRequest to be processed.</summary>
    [Range(1, 300)]
    public int StatusTimeoutSeconds { get; set; } = 15;

    [Range(50, 10000)]
    public int PollIntervalMilliseconds { get; set; } = 250;

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollIntervalMilliseconds);
}
