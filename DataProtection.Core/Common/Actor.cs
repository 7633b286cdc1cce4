namespace DataProtection.Core.Common;

/// <summary>Who performs an action, as seen by authorization and the audit log.</summary>
public sealed record Actor(string Name, string Role, AuditSource Source)
{
    public static readonly Actor System = new("system", Identity.Roles.Admin, AuditSource.Job);

    public bool IsInRole(string role) => Identity.Roles.Satisfies(Role, role);

    /// <summary>Throws <see cref="ForbiddenException"/> unless this actor holds <paramref name="role"/> or a higher one.</summary>
    public void Require(string role)
    {
        if (!IsInRole(role))
        {
            throw new ForbiddenException($"The {role} role is required; {Name} has {Role}.");
        }
    }
}

public enum AuditSource
{
    UI,
    API,
    Job,
}
