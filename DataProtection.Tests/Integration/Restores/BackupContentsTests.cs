using System.IO.Compression;
using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Restores;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using k8s;
using k8s.Models;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Restores;

/// <summary>The contents browser on a real sandbox backup: the index matches Velero's own resource list and is built once.</summary>
[Collection(BackupsCollection.Name)]
public sealed class BackupContentsTests(BackupsFixture fixture)
{
    private const string Watched = BackupsFixture.Watched;

    private BackupContentsService Contents => fixture.App.Service<BackupContentsService>();

    [Fact]
    public async Task Contents_MatchTheResourceListVeleroWrote_AndLabelFiltersUseTheIndex()
    {
        var (ns, name) = await CompletedBackupAsync();

        var all = await Contents.GetContentsAsync(BackupsFixture.Viewer, Watched, name, new ContentsQuery(), CancellationToken.None).DefaultTimeout();

        var listed = await ResourceListAsync(name);
        all.TotalItems.ShouldBe(listed.Count);
        all.Matching.ShouldBe(listed.Count);
        all.Items.Select(i => $"{i.ApiVersion}/{i.Kind}:{(i.Namespace is null ? "" : i.Namespace + "/")}{i.Name}").ShouldBe(listed, ignoreOrder: true);
        all.Groups.ShouldContain(new ContentsGroup(ns, "ConfigMap", "configmaps", 3));

        var web = await Contents.GetContentsAsync(BackupsFixture.Viewer, Watched, name, new ContentsQuery(Selector: "app=web"), CancellationToken.None).DefaultTimeout();
        web.Items.Select(i => i.Name).ShouldBe(["web-1", "web-2"], ignoreOrder: true);
        web.Groups.ShouldBe([new ContentsGroup(ns, "ConfigMap", "configmaps", 2)]);

        await using var db = await fixture.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        (await db.BackupIndexes.CountAsync(i => i.BackupName == name)).ShouldBe(1);
    }

    [Fact]
    public async Task ItemYaml_IsTheObjectAsBackedUp()
    {
        var (ns, name) = await CompletedBackupAsync();

        var yaml = await Contents.GetItemYamlAsync(BackupsFixture.Viewer, Watched, name, "configmaps", ns, "web-1", CancellationToken.None).DefaultTimeout();

        yaml.ShouldContain("kind: ConfigMap");
        yaml.ShouldContain("name: web-1");
        yaml.ShouldContain("app: web");
        await Should.ThrowAsync<NotFoundException>(
            Contents.GetItemYamlAsync(BackupsFixture.Viewer, Watched, name, "configmaps", ns, "nope", CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task Contents_BadSelector_NamesTheField()
    {
        var error = await Should.ThrowAsync<ValidationException>(
            Contents.GetContentsAsync(BackupsFixture.Viewer, Watched, "any", new ContentsQuery(Selector: "app in (web"), CancellationToken.None).DefaultTimeout());

        error.Field.ShouldBe("selector");
    }

    [Fact]
    public async Task Contents_OfABackupStillRunning_AreRefused()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var name = await fixture.CreateBackupAsync(Watched, await fixture.NamespaceWithConfigMapsAsync(Watched, 60));
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.InProgress);

        var error = await Should.ThrowAsync<ConflictException>(
            Contents.GetContentsAsync(BackupsFixture.Viewer, Watched, name, new ContentsQuery(), CancellationToken.None).DefaultTimeout());

        error.Message.ShouldContain("only Completed and PartiallyFailed");
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);
    }

    private Task<(string Ns, string Backup)> CompletedBackupAsync() => RestoreScenario.BackedUpNamespaceAsync(fixture, Watched);

    /// <summary>Velero's own list of what it backed up, read straight from the bucket: <c>apiVersion/Kind:ns/name</c>.</summary>
    private async Task<List<string>> ResourceListAsync(string name)
    {
        using var response = await fixture.Bucket.GetObjectAsync($"velero-{Watched}", $"backups/{name}/{name}-resource-list.json.gz").DefaultTimeout();
        await using var gzip = new GZipStream(response.ResponseStream, CompressionMode.Decompress);
        var list = (await JsonNode.ParseAsync(gzip))!.AsObject();
        return [.. list.SelectMany(kv => kv.Value!.AsArray().Select(item => $"{kv.Key}:{(string?)item}"))];
    }
}
