namespace DataProtection.Core.Jobs;

public static class JobIds
{
    public const string VerifyAuditChain = "verify-audit-chain";

    public const string RefreshClusterHealth = "refresh-cluster-health";

    public const string ReconcileBackupHistory = "reconcile-backup-history";

    public const string RefreshStorageUsage = "refresh-storage-usage";
}
