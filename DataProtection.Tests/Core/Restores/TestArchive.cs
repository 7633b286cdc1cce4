using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace DataProtection.Tests.Core.Restores;

/// <summary>Builds backup tarballs in memory the way Velero writes them (gzip over tar, regular files), or broken on purpose.</summary>
internal sealed class TestArchive
{
    private readonly List<Action<TarWriter>> _entries = [];

    public TestArchive File(string path, string content)
    {
        _entries.Add(w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) }));
        return this;
    }

    public TestArchive Entry(TarEntry entry)
    {
        _entries.Add(w => w.WriteEntry(entry));
        return this;
    }

    /// <summary>An item as Velero writes it: the legacy path, then (unless <paramref name="legacyOnly"/>) the preferred-version copy.</summary>
    public TestArchive Item(string resource, string? ns, string name, string kind, string apiVersion = "v1", string labels = "{}", bool legacyOnly = false)
    {
        var nsField = ns is null ? "" : $",\"namespace\":\"{ns}\"";
        var json = "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"labels\":" + labels + ",\"name\":\"" + name + "\""
            + nsField + "},\"spec\":{\"x\":[1,{\"y\":null}]}}";
        var place = ns is null ? $"cluster/{name}.json" : $"namespaces/{ns}/{name}.json";
        File($"resources/{resource}/{place}", json);
        if (!legacyOnly)
            File($"resources/{resource}/{apiVersion.Split('/')[^1]}-preferredversion/{place}", json);
        return this;
    }

    public byte[] Build()
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "metadata/version") { DataStream = new MemoryStream("1.1.0\n"u8.ToArray()) });
            foreach (var entry in _entries)
                entry(tar);
        }
        return output.ToArray();
    }

    /// <summary>A gzip of raw tar bytes, for headers TarWriter refuses to write.</summary>
    public static byte[] Gzip(byte[] tar)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(tar);
        return output.ToArray();
    }

    /// <summary>A PAX extended header whose <c>path</c> record is <paramref name="path"/> byte for byte (NULs included), then an empty file.</summary>
    public static byte[] PaxPath(string path)
    {
        // A record is "<length> path=<value>\n" where <length> counts its own digits too.
        var body = Encoding.UTF8.GetBytes(" path=" + path + "\n");
        byte[] record = [.. Encoding.ASCII.GetBytes((body.Length + (body.Length + 3).ToString().Length).ToString()), .. body];
        var data = new byte[(record.Length + 511) / 512 * 512];
        record.CopyTo(data, 0);
        return [.. RawHeader("PaxHeaders/x", record.Length, 'x'), .. data, .. RawHeader("placeholder.json", 0), .. new byte[1024]];
    }

    /// <summary>A ustar header block for a regular file of <paramref name="size"/> bytes (octal, as tar stores it) with no data after it.</summary>
    public static byte[] RawHeader(string name, long size, char type = '0')
    {
        var block = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(block, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(block, 100);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(block, 108);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(block, 116);
        Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0").CopyTo(block, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(block, 136);
        block[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar\0").CopyTo(block, 257);
        Encoding.ASCII.GetBytes("00").CopyTo(block, 263);
        "        "u8.CopyTo(block.AsSpan(148));
        var sum = block.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(block, 148);
        return block;
    }
}
