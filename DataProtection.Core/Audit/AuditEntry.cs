namespace DataProtection.Core.Audit;

/// <summary>One append-only audit row. <see cref="Hash"/> covers <see cref="PreviousHash"/> and this row's content.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime TimeUtc { get; set; }

    public string Actor { get; set; } = "";

    public string ActorRole { get; set; } = "";

    public string Source { get; set; } = "";

    public string Action { get; set; } = "";

    public string? TargetCluster { get; set; }

    public string? TargetKind { get; set; }

    public string? TargetNamespace { get; set; }

    public string? TargetName { get; set; }

    public string? Parameters { get; set; }

    public AuditOutcome Outcome { get; set; }

    public string? Error { get; set; }

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}

public enum AuditOutcome
{
    Succeeded,
    Failed,
    Denied,
}

/// <summary>What an action was aimed at; every part is optional.</summary>
public sealed record AuditTarget(string? Cluster = null, string? Kind = null, string? Namespace = null, string? Name = null)
{
    public static AuditTarget User(string name) => new(Kind: "User", Name: name);
}
