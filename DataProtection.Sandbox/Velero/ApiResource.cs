namespace DataProtection.Sandbox.Velero;

/// <summary>One listable resource in its preferred version, as discovery reports it.</summary>
internal sealed record ApiResource(string Group, string Version, string Plural, string Singular, string Kind, bool Namespaced, IReadOnlyList<string> ShortNames)
{
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string CollectionPath => Group.Length == 0 ? $"api/{Version}/{Plural}" : $"apis/{Group}/{Version}/{Plural}";

    /// <summary>The names a user may give in includedResources: plural, singular, kind or short name, each optionally with the group.</summary>
    public bool IsNamed(string name)
    {
        var dot = name.IndexOf('.');
        var (resource, group) = dot < 0 ? (name, (string?)null) : (name[..dot], name[(dot + 1)..]);
        if (group is not null && !string.Equals(group, Group, StringComparison.OrdinalIgnoreCase))
            return false;
        return resource.Equals(Plural, StringComparison.OrdinalIgnoreCase) || resource.Equals(Singular, StringComparison.OrdinalIgnoreCase)
            || resource.Equals(Kind, StringComparison.OrdinalIgnoreCase) || ShortNames.Contains(resource, StringComparer.OrdinalIgnoreCase);
    }
}
