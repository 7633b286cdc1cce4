namespace DataProtection.Core.Audit;

/// <summary>Action names in the audit log: <c>area.verb</c>, so filters can match a prefix.</summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SignOut = "auth.sign-out";
    public const string TokenIssue = "auth.token-issue";
    public const string PasswordChange = "user.password-change";
    public const string PasswordReset = "user.password-reset";
    public const string UserCreate = "user.create";
    public const string UserUpdate = "user.update";
    public const string UserBootstrap = "user.bootstrap";
    public const string PersonalTokenCreate = "token.create";
    public const string PersonalTokenRevoke = "token.revoke";
    public const string AuditVerify = "audit.verify";
    public const string AuditExport = "audit.export";
    public const string ClusterRegister = "cluster.register";
    public const string ClusterUpdate = "cluster.update";
    public const string ClusterEnable = "cluster.enable";
    public const string ClusterDisable = "cluster.disable";
    public const string ClusterRemove = "cluster.remove";
    public const string ProtectionEnable = "protection.enable";
    public const string ProtectionUpgrade = "protection.upgrade";
    public const string ProtectionDisable = "protection.disable";
    public const string StorageCreate = "storage.create";
    public const string StorageUpdate = "storage.update";
    public const string StorageDelete = "storage.delete";
    public const string StorageAssign = "storage.assign";
    public const string StorageUnassign = "storage.unassign";
    public const string StorageManagedAccountUpdate = "storage.managed-account-update";
    public const string VolumeOptIn = "volume.opt-in";
}
