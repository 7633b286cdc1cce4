namespace DataProtection.Core.Identity;

/// <summary>Our three roles, ordered: each one can do everything the one before it can.</summary>
public static class Roles
{
    public const string Viewer = "Viewer";
    public const string Operator = "Operator";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Operator, Admin];

    public static int Rank(string? role) => role switch
    {
        Viewer => 1,
        Operator => 2,
        Admin => 3,
        _ => 0,
    };

    public static bool Satisfies(string? held, string required) => Rank(held) >= Rank(required) && Rank(required) > 0;

    /// <summary>The canonical spelling of a role name, or null when it is not one of ours.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Maps Entra ID app roles to our role: app role values <c>Admin</c>, <c>Operator</c>, <c>Viewer</c>, optionally
    /// prefixed <c>DataProtection.</c>. The highest one wins; none gives null (no access).
    /// </summary>
    public static string? FromEntraAppRoles(IEnumerable<string> appRoles) =>
        appRoles
            .Select(r => Normalize(r.StartsWith("DataProtection.", StringComparison.OrdinalIgnoreCase) ? r["DataProtection.".Length..] : r))
            .Where(r => r is not null)
            .OrderByDescending(Rank)
            .FirstOrDefault();
}
