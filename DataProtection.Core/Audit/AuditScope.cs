using DataProtection.Core.Common;
using DataProtection.Core.Data;

namespace DataProtection.Core.Audit;

/// <summary>
/// The unit of work handed to an audited action: its changes to <see cref="Db"/> and its audit row are saved in one
/// transaction, so the action does not happen unless its audit row is written.
/// </summary>
public sealed class AuditScope(AppDbContext db, Actor actor, string action, CancellationToken cancellationToken)
{
    public AppDbContext Db { get; } = db;

    /// <summary>Settable so a sign-in can record the role it turned out to have.</summary>
    public Actor Actor { get; set; } = actor;

    public string Action { get; } = action;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public AuditTarget? Target { get; set; }

    /// <summary>Serialized to JSON; members whose names suggest secrets are masked.</summary>
    public object? Parameters { get; set; }

    public AuditOutcome Outcome { get; set; } = AuditOutcome.Succeeded;

    public string? Error { get; set; }

    /// <summary>Records a refusal that is not an exception (for example a wrong password) while keeping the work's changes.</summary>
    public void Fail(string error, AuditOutcome outcome = AuditOutcome.Failed)
    {
        Outcome = outcome;
        Error = error;
    }
}
