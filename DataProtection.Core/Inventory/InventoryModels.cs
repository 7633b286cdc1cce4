namespace DataProtection.Core.Inventory;

/// <summary>A resource type from discovery. <see cref="Key"/> is <c>resource</c> for the core group, else <c>group/resource</c>.</summary>
public sealed record ResourceKind(string Group, string Version, string Resource, string Kind, bool Namespaced, bool Listable)
{
    public string Key => Group.Length == 0 ? Resource : $"{Group}/{Resource}";

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    internal string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return ns is null ? $"{root}/{Resource}" : $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Resource}";
    }
}

public sealed record NamespaceSummary(string Name, IReadOnlyDictionary<string, string> Labels, DateTime? CreatedUtc, int ObjectCount);

public sealed record LabelValueCount(string Value, int Count);

public sealed record LabelKeySummary(string Key, int Count, IReadOnlyList<LabelValueCount> Values);

public sealed record InventorySummary(IReadOnlyList<NamespaceSummary> Namespaces, IReadOnlyList<ResourceKind> Kinds, IReadOnlyList<LabelKeySummary> Labels);

/// <summary>What the grid asks for: a selector (validated locally first), optionally one namespace and one kind.</summary>
public sealed record InventoryQuery(string? Selector = null, string? Namespace = null, string? Kind = null);

public sealed record InventoryObject(string Kind, string ApiVersion, string Resource, string? Namespace, string Name,
    IReadOnlyDictionary<string, string> Labels, DateTime? CreatedUtc);

/// <summary>One server-side page; <see cref="Continue"/> is null on the last page.</summary>
public sealed record InventoryObjectPage(IReadOnlyList<InventoryObject> Items, string? Continue);
