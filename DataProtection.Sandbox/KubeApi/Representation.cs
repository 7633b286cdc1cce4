namespace DataProtection.Sandbox.KubeApi;

/// <summary>What the client asked for in Accept: whole objects, a Table, or metadata only.</summary>
internal enum Representation
{
    Full,
    Table,
    Metadata,
}

internal static class Representations
{
    public const string TableContentType = "application/json;as=Table;g=meta.k8s.io;v=v1";
    public const string MetadataListContentType = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
    public const string MetadataContentType = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";

    public static Representation FromAccept(string? accept)
    {
        if (accept is null)
            return Representation.Full;
        var first = accept.Split(',').Select(a => a.Replace(" ", "")).FirstOrDefault(a => a.StartsWith("application/json", StringComparison.Ordinal)) ?? "";
        return first.Contains("as=Table", StringComparison.Ordinal) ? Representation.Table
            : first.Contains("as=PartialObjectMetadata", StringComparison.Ordinal) ? Representation.Metadata
            : Representation.Full;
    }

    public static string ContentType(Representation representation, bool list) => representation switch
    {
        Representation.Table => TableContentType,
        Representation.Metadata => list ? MetadataListContentType : MetadataContentType,
        _ => "application/json",
    };
}
