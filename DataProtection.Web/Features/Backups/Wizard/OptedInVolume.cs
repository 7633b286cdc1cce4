namespace DataProtection.Web.Features.Backups.Wizard;

public sealed record OptedInVolume(string Namespace, string Pod, string Volume);
