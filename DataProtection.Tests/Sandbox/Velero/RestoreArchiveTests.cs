using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using DataProtection.Sandbox.Velero;

namespace DataProtection.Tests.Sandbox.Velero;

public sealed class RestoreArchiveTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-restore-archive-");

    private static MemoryStream Tarball(params (string Name, string Content)[] entries)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in entries)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }
        buffer.Position = 0;
        return buffer;
    }

    [Fact]
    public async Task ExtractAsync_BothCopies_PreferredVersionOnly()
    {
        using var tarball = Tarball(
            ("metadata/version", "1.1.0\n"),
            ("resources/configmaps/namespaces/shop/cm.json", """{"from":"legacy"}"""),
            ("resources/configmaps/v1-preferredversion/namespaces/shop/cm.json", """{"from":"preferred"}"""),
            ("resources/horizontalpodautoscalers.autoscaling/v2beta2/namespaces/shop/hpa.json", "{}"));

        var archive = await RestoreArchive.ExtractAsync(tarball, _work.FullName, CancellationToken.None);

        archive.Items.Keys.ShouldBe(["configmaps"]);
        archive.Items["configmaps"]["shop"].ShouldBe(["cm"]);
        ((string?)(await archive.ReadAsync("configmaps", "shop", "cm", CancellationToken.None))!["from"]).ShouldBe("preferred");
    }

    [Fact]
    public async Task ExtractAsync_FormatOneLegacyPathsOnly_LegacyCopyUsed()
    {
        using var tarball = Tarball(
            ("metadata/version", "1\n"),
            ("resources/namespaces/cluster/shop.json", """{"kind":"Namespace"}"""),
            ("resources/configmaps/namespaces/shop/cm.json", """{"kind":"ConfigMap"}"""));

        var archive = await RestoreArchive.ExtractAsync(tarball, _work.FullName, CancellationToken.None);

        archive.Items["namespaces"][""].ShouldBe(["shop"]);
        ((string?)(await archive.ReadAsync("configmaps", "shop", "cm", CancellationToken.None))!["kind"]).ShouldBe("ConfigMap");
    }

    [Fact]
    public async Task ExtractAsync_PathEscapingTheArchive_Ignored()
    {
        using var tarball = Tarball(("resources/configmaps/v1-preferredversion/namespaces/../../../../evil.json", "{}"));

        var archive = await RestoreArchive.ExtractAsync(tarball, _work.FullName, CancellationToken.None);

        archive.Items.ShouldBeEmpty();
        Directory.EnumerateFiles(_work.FullName, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    public void Dispose() => _work.Delete(recursive: true);
}
