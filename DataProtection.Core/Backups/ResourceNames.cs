namespace DataProtection.Core.Backups;

/// <summary>The name rule Backups and Schedules share, for forms that check the name as the user types.</summary>
public static class ResourceNames
{
    /// <summary>Throws a <see cref="Common.ValidationException"/> on <paramref name="field"/> when Kubernetes would refuse the name.</summary>
    public static void Check(string field, string? name, int maxLength) => BackupTemplateRules.CheckName(field, name, maxLength);
}
