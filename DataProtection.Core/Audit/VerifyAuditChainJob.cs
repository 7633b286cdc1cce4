using DataProtection.Core.Common;
using Microsoft.Extensions.Logging;

namespace DataProtection.Core.Audit;

/// <summary>Daily housekeeping: verifies the audit chain and records the result in the chain itself.</summary>
public sealed class VerifyAuditChainJob(AuditService audit, IAuditLog log, ILogger<VerifyAuditChainJob> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var result = await audit.VerifyChainAsync(cancellationToken);
        if (!result.Intact)
        {
            logger.LogError("Audit chain is broken at row {Row}: {Reason}", result.FirstBrokenId, result.Reason);
        }

        await log.WriteAsync(Actor.System, AuditActions.AuditVerify, null,
            result.Intact ? AuditOutcome.Succeeded : AuditOutcome.Failed, result.Reason, cancellationToken);
    }
}
