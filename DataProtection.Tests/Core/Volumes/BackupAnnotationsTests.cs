using System.Text.Json.Nodes;
using DataProtection.Core.Volumes;

namespace DataProtection.Tests.Core.Volumes;

public sealed class BackupAnnotationsTests
{
    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("", new string[0])]
    [InlineData("data", new[] { "data" })]
    [InlineData(" data , logs,,data ", new[] { "data", "logs" })]
    public void Parse_CommaSeparated_TrimsAndDropsEmptyAndDuplicates(string? value, string[] expected) =>
        BackupAnnotations.Parse(value).ShouldBe(expected);

    [Fact]
    public void Toggle_AddsAtTheEndAndRemovesOnlyThatName()
    {
        BackupAnnotations.Toggle(["data"], "logs", true).ShouldBe(["data", "logs"]);
        BackupAnnotations.Toggle(["data", "logs"], "logs", true).ShouldBe(["data", "logs"]);
        BackupAnnotations.Toggle(["data", "gone", "logs"], "data", false).ShouldBe(["gone", "logs"]);
    }

    [Fact]
    public void Format_EmptyList_IsNullSoTheAnnotationIsRemoved()
    {
        BackupAnnotations.Format([]).ShouldBeNull();
        BackupAnnotations.Format(["a", "b"]).ShouldBe("a,b");
    }

    [Fact]
    public void AnnotationPatch_CarriesTheResourceVersionAndNullRemoves()
    {
        var deployment = JsonNode.Parse("""{"metadata":{"name":"web","resourceVersion":"42"},"spec":{"template":{"metadata":{}}}}""")!.AsObject();

        var patch = VolumeService.AnnotationPatch(deployment, ["spec", "template"], null);

        patch.ToJsonString().ShouldBe("""{"metadata":{"resourceVersion":"42"},"spec":{"template":{"metadata":{"annotations":{"backup.velero.io/backup-volumes":null}}}}}""");
    }
}
