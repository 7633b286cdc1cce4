using DataProtection.Core.Backups;
using DataProtection.Web.Features.Backups;

namespace DataProtection.Tests.Core.Backups;

/// <summary>When the backups page replaces a changed row in place, and when it must reload the page instead.</summary>
public sealed class BackupsPagePatchTests
{
    private static BackupSummary Row(string cluster, string name, string phase, DateTime? deleted = null) =>
        new(cluster, name, phase, null, "all", "default", null, null, DateTime.UnixEpoch, null, null, null, 3, 10, 0, 0, null, null, deleted);

    private static List<BackupSummary> Page() => [Row("a", "b1", "InProgress"), Row("a", "b2", "Completed"), Row("b", "b1", "InProgress")];

    [Fact]
    public void ARowOnThePage_IsReplacedInPlace()
    {
        var rows = Page();

        BackupsPage.TryPatch(rows, Row("b", "b1", "Completed"), phase: null, history: false).ShouldBeTrue();

        rows.Select(r => (r.Cluster, r.Name, r.Phase)).ShouldBe([("a", "b1", "InProgress"), ("a", "b2", "Completed"), ("b", "b1", "Completed")]);
    }

    [Fact]
    public void ABackupNotOnThePage_ALeavingPhaseFilter_OrADeletionOutsideHistory_Reload()
    {
        var rows = Page();

        BackupsPage.TryPatch(rows, Row("a", "b9", "New"), phase: null, history: false).ShouldBeFalse();
        BackupsPage.TryPatch(rows, Row("a", "b1", "Completed"), phase: "InProgress", history: false).ShouldBeFalse();
        BackupsPage.TryPatch(rows, Row("a", "b2", "Completed", DateTime.UnixEpoch), phase: null, history: false).ShouldBeFalse();
        BackupsPage.TryPatch(null, Row("a", "b1", "Completed"), phase: null, history: false).ShouldBeFalse();
        rows.ShouldBe(Page());
        BackupsPage.TryPatch(rows, Row("a", "b2", "Completed", DateTime.UnixEpoch), phase: null, history: true).ShouldBeTrue();
    }
}
