using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Schedules;
using DataProtection.Tests.Sandbox.Velero;
using k8s;

namespace DataProtection.Tests.Core.Schedules;

/// <summary>Drafts written as Velero Schedules (CRD-valid, the same spec a one-off backup gets) and read back for editing.</summary>
public sealed class ScheduleWriterTests
{
    private static readonly BackupTemplate Labelled = new()
    {
        Namespaces = NamespaceScope.Selected,
        IncludedNamespaces = ["shop", "db"],
        ExcludedResources = ["events"],
        ClusterResources = ClusterResources.Exclude,
        LabelSelector = "app=web,tier in (a,b),!legacy",
        FsBackupAllVolumes = true,
        StorageLocation = "primary",
        Ttl = TimeSpan.FromDays(7),
    };

    [Fact]
    public void Schedule_Draft_ValidatesAgainstTheCrdWithTheBackupSpecAsTemplate()
    {
        var schedule = ScheduleWriter.Schedule(new ScheduleDraft("nightly", "0 2 * * *", Labelled, Paused: true), "velero");

        CrdSchemaValidator.Validate(schedule).ShouldBeEmpty();
        JsonNode.DeepEquals(schedule["spec"]!["template"], BackupSpecWriter.Spec(Labelled)).ShouldBeTrue();
        ((string?)schedule["spec"]!["schedule"], (bool?)schedule["spec"]!["paused"], (bool?)schedule["spec"]!["useOwnerReferencesInBackup"])
            .ShouldBe(("0 2 * * *", true, false));
        ((string?)schedule["metadata"]!["name"], (string?)schedule["metadata"]!["namespace"]).ShouldBe(("nightly", "velero"));
    }

    [Fact]
    public void Command_PausedDraft_IsTheVeleroScheduleCreateLine()
    {
        var command = ScheduleWriter.Command(new ScheduleDraft("nightly", "CRON_TZ=Europe/Berlin 0 2 * * *", Labelled, Paused: true), "velero");

        command.ShouldBe("velero schedule create nightly --schedule 'CRON_TZ=Europe/Berlin 0 2 * * *' --paused "
            + string.Join(' ', BackupSpecWriter.Flags(Labelled)) + " --namespace velero");
    }

    [Fact]
    public void Yaml_Schedule_ParsesBackToTheSameObject()
    {
        var schedule = ScheduleWriter.Schedule(new ScheduleDraft("nightly", "@every 6h", Labelled, Paused: false), "velero");

        var yaml = ScheduleWriter.Yaml(schedule);

        yaml.ShouldContain("schedule: '@every 6h'");
        JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(KubernetesYaml.Deserialize<object>(yaml))), schedule).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Draft_WrittenThenRead_RoundTrips(BackupTemplate template)
    {
        var draft = new ScheduleDraft("weekly", "0 3 * * 0", template, Paused: false);

        var read = ScheduleTemplateReader.Draft(ScheduleWriter.Schedule(draft, "velero"));

        read.ShouldBe(draft with { Template = read.Template });
        JsonNode.DeepEquals(BackupSpecWriter.Spec(read.Template), BackupSpecWriter.Spec(template)).ShouldBeTrue();
        read.Template.IncludedNamespaces.ShouldBe(template.IncludedNamespaces);
        (read.Template.Namespaces, read.Template.ClusterResources, read.Template.Ttl, read.Template.StorageLocation)
            .ShouldBe((template.Namespaces, template.ClusterResources, template.Ttl, template.StorageLocation));
    }

    public static TheoryData<BackupTemplate> Templates() =>
    [
        Labelled,
        BackupTemplate.WholeCluster(),
        new() { ExcludedNamespaces = ["kube-system"], OrLabelSelectors = ["app=a", "team notin (x)"], SnapshotVolumes = true, Ttl = TimeSpan.FromHours(36) },
        new() { IncludedResources = ["deployments.apps", "configmaps"], LabelSelector = "env" },
    ];

    [Fact]
    public void Template_VeleroDocsSchedule_ReadsEveryModelledField()
    {
        var yaml = File.ReadAllText("/work/shared/velero/examples/docs-api-types/schedule.yaml");
        var schedule = JsonNode.Parse(KubernetesJson.Serialize(KubernetesYaml.Deserialize<object>(yaml)))!.AsObject();

        var draft = ScheduleTemplateReader.Draft(schedule);

        (draft.Name, draft.Cron, draft.Paused).ShouldBe(("a", "0 7 * * *", false));
        var t = draft.Template;
        (t.Namespaces, t.ClusterResources, t.SnapshotVolumes, t.FsBackupAllVolumes, t.StorageLocation, t.Ttl)
            .ShouldBe((NamespaceScope.All, ClusterResources.Auto, true, true, "aws-primary", TimeSpan.FromHours(24)));
        t.ExcludedNamespaces.ShouldBe(["some-namespace"]);
        t.IncludedResources.ShouldBe(["*"]);
        t.ExcludedResources.ShouldBe(["storageclasses.storage.k8s.io"]);
        t.LabelSelector.ShouldBe("app=velero,component=server");
        t.OrLabelSelectors.ShouldBe(["app=velero", "app=data-protection"]);
    }

    [Theory]
    [InlineData("", "name", "name: is required.")]
    [InlineData("Nightly", "name", "name: 'Nightly' must consist of lower case alphanumerics")]
    [InlineData("a-schedule-name-that-is-far-too-long-for-velero-x", "name", "is longer than 48 characters")]
    public void Validate_BadName_NamesTheField(string name, string field, string message)
    {
        var error = Should.Throw<ValidationException>(() => new ScheduleDraft(name, "@daily", Labelled, false).Validate());

        error.Field.ShouldBe(field);
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void Validate_BadCronOrTemplate_NamesTheField()
    {
        Should.Throw<ValidationException>(() => new ScheduleDraft("ok", "0 25 * * *", Labelled, false).Validate()).Field.ShouldBe("schedule");
        Should.Throw<ValidationException>(() => new ScheduleDraft("ok", "@daily", Labelled with { Ttl = TimeSpan.FromSeconds(5) }, false).Validate())
            .Field.ShouldBe("ttl");
        new ScheduleDraft(new string('a', ScheduleDraft.MaxNameLength), "@daily", Labelled, false).Validate();
    }
}
