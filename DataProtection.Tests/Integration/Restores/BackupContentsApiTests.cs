using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using DataProtection.Core.Backups;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Integration.Backups;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Tests.Integration.Restores;

/// <summary>/api/v1/clusters/{cluster}/backups/{name}/contents: browsing, one manifest, and a damaged archive in the bucket.</summary>
[Collection(BackupsCollection.Name)]
public sealed class BackupContentsApiTests(BackupsFixture fixture)
{
    private const string Watched = BackupsFixture.Watched;

    [Fact]
    public async Task ContentsApi_ListsItemsAndServesOneManifest()
    {
        var (ns, name) = await CompletedBackupAsync();
        using var viewer = await ClientAsync();

        var contents = await viewer.GetFromJsonAsync<JsonObject>($"/api/v1/clusters/{Watched}/backups/{name}/contents?namespace={ns}&kind=ConfigMap").DefaultTimeout();
        var yaml = await viewer.GetStringAsync($"/api/v1/clusters/{Watched}/backups/{name}/contents/item?resource=configmaps&namespace={ns}&itemName=cm-0").DefaultTimeout();

        contents!["items"]!.AsArray().Select(i => (string?)i!["name"]).ShouldBe(["cm-0", "cm-1"]);
        yaml.ShouldContain("name: cm-0");
    }

    [Fact]
    public async Task ContentsApi_TruncatedArchiveInTheBucket_Is422AndNoIndexIsKept()
    {
        var (_, name) = await CompletedBackupAsync();
        var bucket = $"velero-{Watched}";
        var key = $"backups/{name}/{name}.tar.gz";
        using (var original = await fixture.Bucket.GetObjectAsync(bucket, key).DefaultTimeout())
        {
            using var copy = new MemoryStream();
            await original.ResponseStream.CopyToAsync(copy);
            var bytes = copy.ToArray();
            await fixture.Bucket.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket, Key = key, InputStream = new MemoryStream(bytes[..(bytes.Length - 6)]),
            }).DefaultTimeout();
        }
        using var viewer = await ClientAsync();

        var response = await viewer.GetAsync($"/api/v1/clusters/{Watched}/backups/{name}/contents").DefaultTimeout();

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("truncated");
        await using var db = await fixture.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        (await db.BackupIndexes.CountAsync(i => i.BackupName == name)).ShouldBe(0);
    }

    private async Task<(string Ns, string Name)> CompletedBackupAsync()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var ns = await fixture.NamespaceWithConfigMapsAsync(Watched, 2);
        var name = await fixture.CreateBackupAsync(Watched, ns);
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);
        return (ns, name);
    }

    private async Task<HttpClient> ClientAsync()
    {
        var user = $"viewer-{Guid.NewGuid().ToString("N")[..6]}";
        await fixture.App.CreateUserAsync(user, Roles.Viewer, AppFactory.AdminPassword);
        var client = fixture.App.CreateClient();
        return client.WithBearer(await client.GetSessionTokenAsync(user, AppFactory.AdminPassword));
    }
}
