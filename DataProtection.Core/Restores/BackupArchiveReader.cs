using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace DataProtection.Core.Restores;

/// <summary>
/// One item of a backup as the contents browser and the index know it. The labels stay as the compact JSON Velero stored
/// (what the index keeps), parsed only when asked: 100,000 dictionaries would be most of the indexer's memory.
/// </summary>
public sealed record ArchiveItem(string Resource, string ApiVersion, string Kind, string? Namespace, string Name, string? LabelsJson)
{
    public IReadOnlyDictionary<string, string> Labels => ItemJson.ParseLabels(LabelsJson);
}

/// <summary>
/// Streams a backup tarball (gzip over tar, FORMAT.md §3) without writing anything to disk, refusing hostile or broken archives
/// (<see cref="ArchivePath"/>, <see cref="ArchiveLimits"/>, truncation). Each item is read once: the <c>-preferredversion</c>
/// copy is parsed and the legacy duplicate only skipped, except in old archives that have no preferred copies.
/// </summary>
public static class BackupArchiveReader
{
    /// <summary>Every item once; <paramref name="open"/> is called a second time only for archives with legacy-only items.</summary>
    public static async Task<IReadOnlyList<ArchiveItem>> IndexAsync(Func<CancellationToken, Task<Stream>> open, ArchiveLimits limits, CancellationToken ct)
    {
        var items = new List<ArchiveItem>();
        var strings = new StringPool();
        // Velero writes an item's legacy copy right before its preferred copy, so a legacy copy not followed by its twin is
        // remembered; keeping a set of every key during the walk would cost more than the parsing (GC promotions).
        var unpaired = new List<ArchivePath>();
        ArchivePath? lastLegacy = null;
        await using (var first = await open(ct))
        {
            await WalkAsync(first, limits, (path, entry) =>
            {
                if (path.IsLegacy)
                {
                    if (lastLegacy is not null)
                        unpaired.Add(lastLegacy);
                    lastLegacy = path;
                }
                else if (path.IsPreferred)
                {
                    if (lastLegacy is not null && lastLegacy.Key != path.Key)
                        unpaired.Add(lastLegacy);
                    lastLegacy = null;
                    items.Add(Parse(path, entry, strings));
                }
                return true;
            }, ct);
        }
        if (lastLegacy is not null)
            unpaired.Add(lastLegacy);
        var keys = new HashSet<(string, string?, string)>(items.Count);
        items.RemoveAll(i => !keys.Add((i.Resource, i.Namespace, i.Name)));
        var legacyOnly = unpaired.Select(p => p.Key).Where(k => !keys.Contains(k)).ToHashSet();
        if (legacyOnly.Count > 0)
        {
            // Backups written before Velero 1.4 (format 1) have only the legacy path: read those items from it.
            await using var second = await open(ct);
            await WalkAsync(second, limits, (path, entry) =>
            {
                if (path.IsLegacy && legacyOnly.Remove(path.Key))
                    items.Add(Parse(path, entry, strings));
                return true;
            }, ct);
        }
        return items;
    }

    /// <summary>
    /// The item's JSON as stored, or null when the archive does not hold it. Reads only as far as needed: Velero writes the
    /// legacy copy and then the preferred-version copy of an item one after the other, so the first entry of another item
    /// after the legacy copy means there is no preferred copy.
    /// </summary>
    public static async Task<string?> ReadItemAsync(Stream compressed, string resource, string? ns, string name, ArchiveLimits limits, CancellationToken ct)
    {
        string? found = null;
        await WalkAsync(compressed, limits, (path, entry) =>
        {
            if (path.Key != (resource, ns, name))
                return found is null;
            if (path.IsPreferred)
            {
                found = Text(entry);
                return false;
            }
            if (path.IsLegacy)
                found = Text(entry);
            return true;
        }, ct, verifyEnd: false);
        return found;
    }

    /// <summary>
    /// The JSON of each wanted item found (the preferred-version copy when there is one), in one pass that stops once every
    /// wanted item's preferred copy has been read.
    /// </summary>
    public static async Task<Dictionary<(string Resource, string? Namespace, string Name), string>> ReadItemsAsync(Stream compressed,
        IReadOnlySet<(string Resource, string? Namespace, string Name)> wanted, ArchiveLimits limits, CancellationToken ct)
    {
        var found = new Dictionary<(string, string?, string), string>(wanted.Count);
        var preferred = 0;
        await WalkAsync(compressed, limits, (path, entry) =>
        {
            if (!wanted.Contains(path.Key) || (!path.IsPreferred && !path.IsLegacy))
                return true;
            if (path.IsPreferred)
            {
                found[path.Key] = Text(entry);
                return ++preferred < wanted.Count;
            }
            found.TryAdd(path.Key, Text(entry));
            return true;
        }, ct, verifyEnd: false);
        return found;
    }

    /// <summary>Calls <paramref name="onItem"/> for each item entry until it returns false; checks every entry on the way.</summary>
    internal static async Task WalkAsync(Stream compressed, ArchiveLimits limits, Func<ArchivePath, TarEntry, bool> onItem, CancellationToken ct,
        bool verifyEnd = true)
    {
        var tail = new GzipTail(compressed);
        var gzip = new GZipStream(tail, CompressionMode.Decompress, leaveOpen: true);
        // TarReader reads headers 512 bytes at a time; a buffer in front of the inflater saves most of those calls.
        await using var counted = new InflatedCounter(new BufferedStream(gzip, 1 << 16), limits.MaxInflatedBytes);
        try
        {
            await using var tar = new TarReader(counted, leaveOpen: true);
            long entries = 0;
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (++entries > limits.MaxEntries)
                    throw new BackupArchiveException($"The backup archive has more than {limits.MaxEntries:N0} entries; it was not read further.");
                var path = Check(entry, limits);
                if (path is not null && !onItem(path, entry))
                    return;
            }
            if (verifyEnd)
            {
                await counted.CopyToAsync(Stream.Null, ct);
                await tail.VerifyAsync(counted.Count, ct);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw new BackupArchiveException($"The backup archive is truncated or corrupt: {e.Message}", e);
        }
    }

    private static ArchivePath? Check(TarEntry entry, ArchiveLimits limits)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                break;
            case TarEntryType.Directory:
                ArchivePath.Parse(entry.Name.TrimEnd('/'), limits.MaxPathLength);
                return null;
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                throw new BackupArchiveException($"The backup archive has a link ({ArchivePath.Printable(entry.Name)} → {ArchivePath.Printable(entry.LinkName)}); Velero writes none, so it was not read.");
            default:
                throw new BackupArchiveException($"The backup archive has a {entry.EntryType} entry ({ArchivePath.Printable(entry.Name)}); Velero writes only regular files, so it was not read.");
        }
        if (entry.Length > limits.MaxEntryBytes)
            throw new BackupArchiveException($"The backup archive's entry {ArchivePath.Printable(entry.Name)} claims {entry.Length:N0} bytes, more than the {limits.MaxEntryBytes:N0} allowed for one object.");
        return ArchivePath.Parse(entry.Name, limits.MaxPathLength);
    }

    private static string Text(TarEntry entry)
    {
        using var reader = new StreamReader(entry.DataStream ?? Stream.Null);
        return reader.ReadToEnd();
    }

    private static ArchiveItem Parse(ArchivePath path, TarEntry entry, StringPool strings)
    {
        var length = (int)entry.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            entry.DataStream?.ReadExactly(buffer, 0, length);
            return ItemJson.Read(path, buffer.AsSpan(0, length), strings);
        }
        catch (JsonException e)
        {
            throw new BackupArchiveException($"The backup archive's entry {ArchivePath.Printable(entry.Name)} is not a JSON object: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
