using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// The items of a backup tarball, streamed once from the bucket to a work directory: the <c>-preferredversion</c> copy of each
/// resource, or the legacy copy for resources that have none (format 1.0), never both (FORMAT.md §3.4).
/// </summary>
internal sealed class RestoreArchive
{
    private const string Preferred = "-preferredversion";
    private readonly string _root;
    private readonly Dictionary<string, SortedDictionary<string, List<string>>> _preferred = new(), _legacy = new();

    private RestoreArchive(string root) => _root = root;

    /// <summary>Group-resource → namespace ("" for cluster scope) → item names.</summary>
    public IReadOnlyDictionary<string, SortedDictionary<string, List<string>>> Items { get; private set; } = new Dictionary<string, SortedDictionary<string, List<string>>>();

    public static async Task<RestoreArchive> ExtractAsync(Stream gzipped, string root, CancellationToken ct)
    {
        var archive = new RestoreArchive(root);
        await using var gzip = new GZipStream(gzipped, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
                await archive.AddAsync(entry.Name, data, ct);
        }
        foreach (var (resource, items) in archive._legacy.Where(p => !archive._preferred.ContainsKey(p.Key)))
            archive._preferred[resource] = items;
        Directory.CreateDirectory(Path.Combine(root, "preferred"));
        foreach (var resource in archive._legacy.Keys.Where(r => Directory.Exists(archive.Dir(false, r))))
        {
            if (archive._preferred[resource] == archive._legacy[resource])
                Directory.Move(archive.Dir(false, resource), archive.Dir(true, resource));
            else
                Directory.Delete(archive.Dir(false, resource), recursive: true);
        }
        archive.Items = archive._preferred;
        return archive;
    }

    public async Task<JsonObject?> ReadAsync(string groupResource, string ns, string name, CancellationToken ct)
    {
        var path = ItemPath(true, groupResource, ns, name);
        return File.Exists(path) ? JsonNode.Parse(await File.ReadAllBytesAsync(path, ct)) as JsonObject : null;
    }

    private async Task AddAsync(string entryName, Stream data, CancellationToken ct)
    {
        var parts = entryName.Split('/');
        if (parts.Length < 4 || parts[0] != "resources" || parts.Any(p => p is "" or "." or ".."))
            return;
        var (resource, rest) = (parts[1], parts[2..]);
        var preferred = rest[0].EndsWith(Preferred, StringComparison.Ordinal);
        if (preferred)
            rest = rest[1..];
        else if (rest[0] is not ("cluster" or "namespaces") || _preferred.ContainsKey(resource))
            return;
        var (ns, file) = rest switch
        {
            ["cluster", var f] => ("", f),
            ["namespaces", var n, var f] => (n, f),
            _ => ("", ""),
        };
        if (!file.EndsWith(".json", StringComparison.Ordinal))
            return;
        var name = file[..^".json".Length];
        var index = preferred ? _preferred : _legacy;
        if (!index.TryGetValue(resource, out var byNamespace))
            index[resource] = byNamespace = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        if (!byNamespace.TryGetValue(ns, out var names))
            byNamespace[ns] = names = [];
        names.Add(name);
        var path = ItemPath(preferred, resource, ns, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await using var output = File.Create(path);
        await data.CopyToAsync(output, ct);
    }

    private string Dir(bool preferred, string resource) => System.IO.Path.Combine(_root, preferred ? "preferred" : "legacy", resource);

    // "_cluster" can never be a namespace name, so it cannot collide with one.
    private string ItemPath(bool preferred, string resource, string ns, string name) =>
        System.IO.Path.Combine(Dir(preferred, resource), ns.Length == 0 ? "_cluster" : ns, name + ".json");
}
