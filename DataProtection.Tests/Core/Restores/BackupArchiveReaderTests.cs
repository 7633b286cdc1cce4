using System.Formats.Tar;
using DataProtection.Core.Restores;
using Shouldly;

namespace DataProtection.Tests.Core.Restores;

public sealed class BackupArchiveReaderTests
{
    private static Task<IReadOnlyList<ArchiveItem>> Index(byte[] archive, ArchiveLimits? limits = null, Action? onOpen = null) =>
        BackupArchiveReader.IndexAsync(_ =>
        {
            onOpen?.Invoke();
            return Task.FromResult<Stream>(new MemoryStream(archive));
        }, limits ?? ArchiveLimits.Default, CancellationToken.None);

    [Fact]
    public async Task Indexes_each_item_once_from_its_preferred_copy_with_kind_and_labels()
    {
        var archive = new TestArchive()
            .Item("namespaces", null, "shop", "Namespace")
            .Item("pods", "shop", "cart-1", "Pod", labels: """{"app":"cart","tier":"web"}""")
            .Item("deployments.apps", "shop", "cart", "Deployment", "apps/v1", """{"app":"cart"}""")
            .Build();
        var opens = 0;

        var items = await Index(archive, onOpen: () => opens++);

        items.Select(i => $"{i.Resource}|{i.Namespace}|{i.Name}|{i.ApiVersion}|{i.Kind}").ShouldBe(
            ["namespaces||shop|v1|Namespace", "pods|shop|cart-1|v1|Pod", "deployments.apps|shop|cart|apps/v1|Deployment"]);
        items[1].Labels.ShouldBe(new Dictionary<string, string> { ["app"] = "cart", ["tier"] = "web" });
        opens.ShouldBe(1);
    }

    [Fact]
    public async Task Reads_legacy_only_items_of_old_archives_in_a_second_pass()
    {
        var archive = new TestArchive()
            .Item("pods", "shop", "new", "Pod")
            .Item("configmaps", "shop", "old", "ConfigMap", legacyOnly: true)
            .Build();
        var opens = 0;

        var items = await Index(archive, onOpen: () => opens++);

        items.Select(i => i.Name).ShouldBe(["new", "old"], ignoreOrder: true);
        opens.ShouldBe(2);
    }

    [Fact]
    public async Task Counts_each_item_once_when_copies_are_not_adjacent_or_repeated()
    {
        const string pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}";
        var archive = new TestArchive()
            .File("resources/pods/namespaces/a/p.json", pod)
            .Item("configmaps", "a", "c", "ConfigMap")
            .File("resources/pods/v1-preferredversion/namespaces/a/p.json", pod)
            .File("resources/pods/v1-preferredversion/namespaces/a/p.json", pod)
            .Build();
        var opens = 0;

        var items = await Index(archive, onOpen: () => opens++);

        items.Select(i => i.Name).ShouldBe(["c", "p"], ignoreOrder: true);
        opens.ShouldBe(1);
    }

    [Fact]
    public async Task Reads_one_item_preferring_the_preferred_copy_and_stops_there()
    {
        var good = new TestArchive()
            .Item("pods", "shop", "a", "Pod")
            .Entry(new PaxTarEntry(TarEntryType.RegularFile, "resources/pods/namespaces/shop/b.json") { DataStream = new MemoryStream(new byte[10]) })
            .Build();
        // Cut the archive after the item: reading the item succeeds without reaching the damage, the index does not.
        var damaged = good[..(good.Length - 12)];

        var json = await BackupArchiveReader.ReadItemAsync(new MemoryStream(damaged), "pods", "shop", "a", ArchiveLimits.Default, CancellationToken.None);

        json.ShouldNotBeNull().ShouldContain("\"kind\":\"Pod\"");
        (await BackupArchiveReader.ReadItemAsync(new MemoryStream(good), "pods", "shop", "zzz", ArchiveLimits.Default, CancellationToken.None)).ShouldBeNull();
        await Should.ThrowAsync<BackupArchiveException>(() => Index(damaged));
    }

    public static TheoryData<string, string> HostilePaths => new()
    {
        { "../../etc/passwd", "'..'" },
        { "resources/pods/namespaces/../../x.json", "'..'" },
        { "/etc/passwd", "absolute path" },
        { "resources\\pods\\x.json", "backslash" },
        { "resources/pods/namespaces/a/b\u0001.json", "control character" },
    };

    [Theory]
    [MemberData(nameof(HostilePaths))]
    public async Task Refuses_entries_with_hostile_names(string path, string reason)
    {
        var archive = new TestArchive().File(path, "{}").Build();

        var error = await Should.ThrowAsync<BackupArchiveException>(() => Index(archive));

        error.Message.ShouldContain(reason);
    }

    [Fact]
    public async Task Refuses_a_nul_byte_in_a_name()
    {
        // A PAX path record can carry a NUL that a C extractor would cut the name at.
        var archive = TestArchive.Gzip(TestArchive.PaxPath("resources/pods/namespaces/a/b\0../../x.json"));

        var error = await Should.ThrowAsync<BackupArchiveException>(() => Index(archive));

        error.Message.ShouldContain("NUL");
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "link")]
    [InlineData(TarEntryType.HardLink, "link")]
    [InlineData(TarEntryType.Fifo, "Fifo")]
    public async Task Refuses_links_and_special_files(TarEntryType type, string reason)
    {
        var entry = new PaxTarEntry(type, "resources/pods/namespaces/a/b.json");
        if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink)
            entry.LinkName = "/etc/shadow";
        var archive = new TestArchive().Entry(entry).Build();

        var error = await Should.ThrowAsync<BackupArchiveException>(() => Index(archive));

        error.Message.ShouldContain(reason);
    }

    [Fact]
    public async Task Refuses_an_entry_claiming_an_absurd_size_before_reading_it()
    {
        var archive = TestArchive.Gzip(TestArchive.RawHeader("resources/pods/namespaces/a/b.json", 1L << 32));

        var error = await Should.ThrowAsync<BackupArchiveException>(() => Index(archive));

        error.Message.ShouldContain("4,294,967,296 bytes");
    }

    [Fact]
    public async Task Refuses_more_entries_than_the_limit()
    {
        var builder = new TestArchive();
        for (var i = 0; i < 6; i++)
            builder.Item("configmaps", "a", $"c{i}", "ConfigMap");

        var error = await Should.ThrowAsync<BackupArchiveException>(() => Index(builder.Build(), new ArchiveLimits { MaxEntries = 10 }));

        error.Message.ShouldContain("more than 10 entries");
    }

    [Fact]
    public async Task Stops_a_gzip_bomb_at_the_inflated_limit()
    {
        var bomb = new TestArchive().Entry(new PaxTarEntry(TarEntryType.RegularFile, "resources/pods/namespaces/a/b.json")
        {
            DataStream = new MemoryStream(new byte[8 << 20]),
        }).Build();
        bomb.Length.ShouldBeLessThan(64 << 10);

        var error = await Should.ThrowAsync<BackupArchiveException>(() => Index(bomb, new ArchiveLimits { MaxInflatedBytes = 1 << 20 }));

        error.Message.ShouldContain("inflates to more than 1,048,576 bytes");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(200)]
    public async Task Refuses_a_truncated_archive(int cut)
    {
        var archive = new TestArchive().Item("pods", "a", "p", "Pod").Item("pods", "a", "q", "Pod").Build();

        var error = await Should.ThrowAsync<BackupArchiveException>(() => Index(archive[..(archive.Length - cut)]));

        error.Message.ShouldContain("truncated");
    }

    [Fact]
    public async Task Refuses_an_item_that_is_not_json()
    {
        var archive = new TestArchive().File("resources/pods/v1-preferredversion/namespaces/a/p.json", "not json").Build();

        var error = await Should.ThrowAsync<BackupArchiveException>(() => Index(archive));

        error.Message.ShouldContain("not a JSON object");
    }
}
