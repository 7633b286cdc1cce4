using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>One served resource (a kind in a group version), built-in or from a CustomResourceDefinition.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories)
{
    public static readonly IReadOnlyList<string> Verbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public bool IsCustom { get; init; }
    public bool HasStatusSubresource { get; init; }
    public JsonObject? Schema { get; init; }
    public JsonArray? PrinterColumns { get; init; }

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Objects are stored once per group and resource, whichever version served them.</summary>
    public string StoreKey => $"{Group}/{Plural}";

    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => Kind + "List";

    public string BasePath => Group.Length == 0 ? "/api/v1" : $"/apis/{Group}/{Version}";

    public bool Matches(string group, string plural) => Group == group && Plural == plural;
}
