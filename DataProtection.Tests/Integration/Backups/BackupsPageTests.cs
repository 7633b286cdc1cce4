using DataProtection.Core.Backups;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Backups;

/// <summary>The pages as the server prerenders them: the grid and filters, the details with their phase and timeline, delete by role.</summary>
[Collection(BackupsCollection.Name)]
public sealed class BackupsPageTests(BackupsFixture fixture)
{
    [Fact]
    public async Task BackupDetailsPage_CompletedBackup_ShowsPhaseTimelineAndDeleteOnlyForOperators()
    {
        using var changes = new ChangeRecorder(fixture.App.Service<BackupChanges>());
        var name = await fixture.CreateBackupAsync(BackupsFixture.Watched, await fixture.NamespaceWithConfigMapsAsync(BackupsFixture.Watched, 1));
        await changes.NextAsync(c => c.Name == name && c.Phase == BackupPhases.Completed);
        var url = $"/clusters/{BackupsFixture.Watched}/backups/{name}";

        var asViewer = await (await SignedInAsync(Roles.Viewer)).GetStringAsync(url).DefaultTimeout();
        var asOperator = await (await SignedInAsync(Roles.Operator)).GetStringAsync(url).DefaultTimeout();

        asViewer.ShouldContain("data-phase=\"Completed\"");
        asViewer.ShouldContain("data-testid=\"backup-timeline\"");
        asViewer.ShouldContain("items</");
        asViewer.ShouldNotContain("data-testid=\"backup-details-delete\"");
        asOperator.ShouldContain("data-testid=\"backup-details-delete\"");
    }

    [Fact]
    public async Task BackupsPage_ClusterRoute_RendersGridAndFilters()
    {
        var page = await (await SignedInAsync(Roles.Viewer)).GetStringAsync($"/clusters/{BackupsFixture.Watched}/backups").DefaultTimeout();

        System.Net.WebUtility.HtmlDecode(page).ShouldContain($"Backups · {BackupsFixture.Watched}");
        page.ShouldContain("data-testid=\"backups-grid\"");
        page.ShouldContain("data-testid=\"backups-search\"");
    }

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var user = $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}";
        await fixture.App.CreateUserAsync(user, role, AppFactory.AdminPassword);
        return await fixture.App.SignedInClientAsync(user, AppFactory.AdminPassword);
    }
}
