using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Core.Identity;

public sealed class AccountsOptions : IConfigSection
{
    public static string SectionName => "Accounts";

    /// <summary>False when an identity provider (Entra ID) signs users in; set by the web host, not by configuration.</summary>
    public bool LocalAccountsEnabled { get; set; } = true;

    [Range(1, 100)]
    public int LockoutThreshold { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    [Range(5, 1440)]
    public int SessionTokenMinutes { get; set; } = 60;

    [Range(1, 3650)]
    public int MaxPersonalTokenDays { get; set; } = 365;

    [Range(8, 128)]
    public int MinPasswordLength { get; set; } = 12;
}

public sealed class BootstrapOptions : IConfigSection
{
    public static string SectionName => "Bootstrap";

    /// <summary>Password for the first admin account, for automated installs. Unset: a random one is printed once.</summary>
    [MinLength(12, ErrorMessage = "must be at least 12 characters long.")]
    public string? AdminPassword { get; set; }
}
