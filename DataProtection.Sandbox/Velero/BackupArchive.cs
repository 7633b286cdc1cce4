using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>Writes the backup tarball (format 1.1.0, FORMAT.md §3) from the spooled items, and the resource list beside it.</summary>
internal sealed class BackupArchive(TimeProvider time)
{
    public const string FormatVersion = "1.1.0";
    private const UnixFileMode Mode = (UnixFileMode)0b111_101_101;

    public SortedDictionary<string, List<string>> ResourceList { get; } = new(StringComparer.Ordinal);

    public async Task WriteAsync(ItemCollector.Collected collected, string tarballPath, Func<int, ApiResource, JsonObject, Task> itemDone, CancellationToken ct)
    {
        await using var file = File.Create(tarballPath);
        await using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false);
        await AddAsync(tar, "metadata/version", System.Text.Encoding.UTF8.GetBytes(FormatVersion + "\n"), ct);
        using var spool = new StreamReader(collected.SpoolPath);
        var done = 0;
        while (await spool.ReadLineAsync(ct) is { } line)
        {
            var record = JsonNode.Parse(line)!.AsObject();
            var resource = collected.Resources[(int)record["r"]!];
            var item = record["item"]!.AsObject();
            var name = (string)item["metadata"]!["name"]!;
            var ns = (string?)item["metadata"]!["namespace"];
            var scope = resource.Namespaced ? $"namespaces/{ns}/{name}.json" : $"cluster/{name}.json";
            var bytes = JsonOutput.CompactBytes(item);
            await AddAsync(tar, $"resources/{resource.GroupResource}/{scope}", bytes, ct);
            await AddAsync(tar, $"resources/{resource.GroupResource}/{resource.Version}-preferredversion/{scope}", bytes, ct);
            var key = $"{resource.ApiVersion}/{resource.Kind}";
            if (!ResourceList.TryGetValue(key, out var names))
                ResourceList[key] = names = [];
            names.Add(resource.Namespaced ? $"{ns}/{name}" : name);
            await itemDone(++done, resource, item);
        }
        foreach (var names in ResourceList.Values)
            names.Sort(StringComparer.Ordinal);
    }

    public JsonObject ResourceListJson() =>
        new(ResourceList.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray(p.Value.Select(v => (JsonNode?)v).ToArray()))));

    private async Task AddAsync(TarWriter tar, string path, byte[] content, CancellationToken ct)
    {
        // Go's archive/tar uses USTAR when the name fits and PAX otherwise.
        TarEntry entry = path.Length <= 100 ? new UstarTarEntry(TarEntryType.RegularFile, path) : new PaxTarEntry(TarEntryType.RegularFile, path);
        entry.Mode = Mode;
        entry.ModificationTime = time.GetUtcNow();
        entry.DataStream = new MemoryStream(content);
        await tar.WriteEntryAsync(entry, ct);
    }
}
