using System.IO.Compression;
using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;
using static DataProtection.Tests.Sandbox.Velero.VolumeTestKit;

namespace DataProtection.Tests.Sandbox.Velero;

[Collection(VeleroCollection.Name)]
public sealed class PodVolumeBackupTests(VeleroFixture velero)
{
    private readonly BackupTestKit _kit = new(velero);

    private static JsonArray Array(params string[] values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static string Name(JsonObject o) => (string)o["metadata"]!["name"]!;

    [Fact]
    public async Task Backup_OptInAnnotation_BacksUpExactlyTheListedVolumes()
    {
        var ns = await NamespaceAsync(velero.Client);
        var (claim, pv) = await ClaimAsync(velero.Client, ns, "data", "1Gi");
        var pod = await PodAsync(velero.Client, ns, "db-0", new Dictionary<string, string> { ["backup.velero.io/backup-volumes"] = "data,cache" },
            [Claim("data", "data"), EmptyDir("cache", "128Mi"), EmptyDir("scratch"), new() { Name = "config", ConfigMap = new() { Name = "db" } }]);

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });

        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        var pvbs = await PodVolumeBackupsAsync(velero.Client, Name(backup));
        pvbs.Select(p => (string?)p["spec"]!["volume"]).Order().ShouldBe(["cache", "data"]);
        pvbs.ShouldAllBe(p => (string?)p["status"]!["phase"] == "Completed" && Name(p).StartsWith(Name(backup) + "-"));
        var data = pvbs.Single(p => (string?)p["spec"]!["volume"] == "data");
        data["metadata"]!["labels"]!["velero.io/backup-uid"]!.GetValue<string>().ShouldBe((string)backup["metadata"]!["uid"]!);
        data["metadata"]!["labels"]!["velero.io/pvc-uid"]!.GetValue<string>().ShouldBe(claim.Metadata.Uid);
        data["metadata"]!["annotations"]!["velero.io/pvc-name"]!.GetValue<string>().ShouldBe("data");
        data["metadata"]!["ownerReferences"]![0]!["name"]!.GetValue<string>().ShouldBe(Name(backup));
        var spec = data["spec"]!;
        ((string?)spec["node"], (string?)spec["backupStorageLocation"], (string?)spec["uploaderType"], (string?)spec["repoIdentifier"])
            .ShouldBe((Node, "default", "kopia", ""));
        ((string?)spec["pod"]!["uid"], (string?)spec["pod"]!["namespace"], (string?)spec["tags"]!["pvc-uid"]).ShouldBe((pod.Metadata.Uid, ns, claim.Metadata.Uid));
        ((long?)data["status"]!["progress"]!["totalBytes"]).ShouldBe(1L << 30);
        ((string?)data["status"]!["path"]).ShouldBe($"/host_pods/{pod.Metadata.Uid}/volumes/kubernetes.io~csi/{pv}/mount");
        ((string?)data["status"]!["snapshotID"]).ShouldNotBeNullOrEmpty();
        var cache = pvbs.Single(p => (string?)p["spec"]!["volume"] == "cache");
        ((long?)cache["status"]!["progress"]!["bytesDone"]).ShouldBe(128L << 20);
        cache["metadata"]!["labels"]!.AsObject().ContainsKey("velero.io/pvc-uid").ShouldBeFalse();
    }

    [Fact]
    public async Task Backup_DefaultVolumesToFsBackup_AllButExcludedAndKubeStateVolumes()
    {
        var ns = await NamespaceAsync(velero.Client);
        await ClaimAsync(velero.Client, ns, "data", "2Gi");
        await PodAsync(velero.Client, ns, "app", new Dictionary<string, string> { ["backup.velero.io/backup-volumes-excludes"] = "tmp" },
        [
            Claim("data", "data"), EmptyDir("cache"), EmptyDir("tmp"), EmptyDir("unmounted"),
            new() { Name = "config", ConfigMap = new() { Name = "app" } }, new() { Name = "creds", Secret = new() { SecretName = "app" } },
            new() { Name = "kube-api-access", Projected = new() { Sources = [] } }, new() { Name = "labels", DownwardAPI = new() { Items = [] } },
            new() { Name = "host", HostPath = new() { Path = "/var/log" } }, new() { Name = "default-token-abcde", EmptyDir = new() },
        ], "unmounted");

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns), ["defaultVolumesToFsBackup"] = true });

        var pvbs = await PodVolumeBackupsAsync(velero.Client, Name(backup));
        pvbs.Select(p => (string?)p["spec"]!["volume"]).Order().ShouldBe(["cache", "data"]);
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        ((int?)backup["status"]!["warnings"]).ShouldBe(1);
        var results = await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{Name(backup)}/{Name(backup)}-results.gz");
        ((string)results["warnings"]!["namespaces"]![ns]![0]!).ShouldBe(
            $" resource: /pods name: /app message: /volume unmounted is declared in pod {ns}/app but not mounted by any container, skipping");
    }

    [Fact]
    public async Task Backup_WithVolumes_BucketHoldsPodVolumeBackupsVolumeInfoAndKopiaRepository()
    {
        var ns = await NamespaceAsync(velero.Client);
        var (_, pv) = await ClaimAsync(velero.Client, ns, "data", "1Gi");
        await PodAsync(velero.Client, ns, "db-0", new Dictionary<string, string> { ["backup.velero.io/backup-volumes"] = "data" }, [Claim("data", "data")]);

        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });

        var name = Name(backup);
        var pvbs = await PodVolumeBackupsAsync(velero.Client, name);
        var stored = (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{name}/{name}-podvolumebackups.json.gz")).AsArray();
        stored.Select(p => (string?)p!["metadata"]!["name"]).ShouldBe(pvbs.Select(Name));
        ((string?)stored[0]!["status"]!["phase"]).ShouldBe("Completed");
        var info = (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{name}/{name}-volumeinfo.json.gz")).AsArray().Single()!;
        ((string?)info["backupMethod"], (string?)info["pvcName"], (string?)info["pvcNamespace"], (string?)info["pvName"], (string?)info["result"])
            .ShouldBe(("PodVolumeBackup", "data", ns, pv, "succeeded"));
        ((string?)info["pvbInfo"]!["snapshotHandle"]).ShouldBe((string?)pvbs[0]["status"]!["snapshotID"]);
        ((string?)info["pvbInfo"]!["Phase"], (long?)info["pvbInfo"]!["size"]).ShouldBe(("Completed", 1L << 30));
        ((string?)info["pvInfo"]!["reclaimPolicy"]).ShouldBe("Delete");
        (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{name}/{name}-volumesnapshots.json.gz")).ShouldBeNull();
        var kopia = await _kit.KeysAsync(velero.DefaultBucket, $"kopia/{ns}/");
        kopia.ShouldContain($"kopia/{ns}/kopia.repository");
        kopia.ShouldContain(k => k.StartsWith($"kopia/{ns}/q"));
        var repository = await velero.WaitForAsync("backuprepositories", $"{ns}-default-kopia", r => (string?)r["status"]?["phase"] == "Ready");
        ((string?)repository["metadata"]!["labels"]!["velero.io/volume-namespace"]).ShouldBe(ns);
        var validated = DateTimeOffset.Parse((string)backup["status"]!["completionTimestamp"]!);
        var location = await velero.WaitForAsync("backupstoragelocations", "default",
            l => l["status"]?["lastValidationTime"] is { } t && DateTimeOffset.Parse((string)t!) > validated);
        ((string?)location["status"]!["phase"]).ShouldBe("Available");
    }

    [Fact]
    public async Task Backup_SnapshotVolumesWithoutSnapshotter_SkipsPvAsVeleroDoes()
    {
        var ns = await NamespaceAsync(velero.Client);
        var (_, pv) = await ClaimAsync(velero.Client, ns, "logs", "5Gi");
        await PodAsync(velero.Client, ns, "web", null, [Claim("logs", "logs")]);

        var backup = await _kit.RunAsync(new JsonObject
        {
            ["includedNamespaces"] = Array(ns), ["includeClusterResources"] = true, ["snapshotVolumes"] = true,
        });

        var name = Name(backup);
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        (await PodVolumeBackupsAsync(velero.Client, name)).ShouldBeEmpty();
        var info = (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{name}/{name}-volumeinfo.json.gz")).AsArray();
        var skipped = info.Single(i => (string?)i!["pvName"] == pv)!;
        ((bool?)skipped["skipped"], (string?)skipped["pvcName"]).ShouldBe((true, "logs"));
        ((string?)skipped["skippedReason"]).ShouldBe("podvolume: opted out due to annotation in pod web;volumeSnapshot: no applicable volumesnapshotter found;");
        (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{name}/{name}-podvolumebackups.json.gz")).ShouldBeNull();
        using var gzip = new GZipStream(new MemoryStream(await _kit.ObjectAsync(velero.DefaultBucket, $"backups/{name}/{name}-logs.gz")), CompressionMode.Decompress);
        var log = await new StreamReader(gzip).ReadToEndAsync();
        log.ShouldContain("msg=\"Persistent volume is not a supported volume type for Velero-native volumeSnapshotter snapshot, skipping.\"");
    }

    [Fact]
    public async Task PodVolumeBackups_AsWritten_PassStrictServerValidation()
    {
        var ns = await NamespaceAsync(velero.Client);
        await ClaimAsync(velero.Client, ns, "data", "1Gi");
        await PodAsync(velero.Client, ns, "db-0", new Dictionary<string, string> { ["backup.velero.io/backup-volumes"] = "data,cache" },
            [Claim("data", "data"), EmptyDir("cache")]);
        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });

        var pvbs = await PodVolumeBackupsAsync(velero.Client, Name(backup));

        pvbs.Count.ShouldBe(2);
        foreach (var pvb in pvbs)
        {
            var copy = pvb.DeepClone().AsObject();
            var metadata = copy["metadata"]!.AsObject();
            foreach (var server in new[] { "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields" })
                metadata.Remove(server);
            metadata["name"] = Name(pvb) + "-copy";
            await velero.Client.CustomObjects.CreateNamespacedCustomObjectAsync(copy, "velero.io", "v1", VeleroFixture.Namespace, "podvolumebackups",
                dryRun: "All", fieldValidation: "Strict").DefaultTimeout();
        }
    }

    [Fact]
    public async Task Backup_SeededPodsOnHostPathVolumes_CompletedWithVeleroWarningsAndNoPodVolumeBackups()
    {
        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array("shop") });

        var name = Name(backup);
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        (await PodVolumeBackupsAsync(velero.Client, name)).ShouldBeEmpty();
        var warnings = (await _kit.GzipJsonAsync(velero.DefaultBucket, $"backups/{name}/{name}-results.gz"))["warnings"]!["namespaces"]!["shop"]!.AsArray();
        warnings.ShouldNotBeEmpty();
        warnings.Count.ShouldBe((int)backup["status"]!["warnings"]!);
        warnings.ShouldAllBe(w => ((string)w!).EndsWith("is a hostPath volume which is not supported for pod volume backup, skipping"));
    }

    [Fact]
    public async Task Sync_BackupWithPodVolumes_PodVolumeBackupsRecreatedInSecondClusterOwnedBySyncedBackup()
    {
        var ns = await NamespaceAsync(velero.Client);
        await PodAsync(velero.Client, ns, "worker", new Dictionary<string, string> { ["backup.velero.io/backup-volumes"] = "cache" }, [EmptyDir("cache")]);
        await velero.CreateLocationAsync(velero.DefaultBucket, accessMode: "ReadOnly", client: velero.DrClient);
        var backup = await _kit.RunAsync(new JsonObject { ["includedNamespaces"] = Array(ns) });
        var source = (await PodVolumeBackupsAsync(velero.Client, Name(backup))).Single();

        var synced = await velero.WaitForAsync("backups", Name(backup), _ => true, velero.DrClient);
        var pvb = await VeleroFixture.WaitAsync(async () => (await PodVolumeBackupsAsync(velero.DrClient, Name(backup))).SingleOrDefault());

        Name(pvb).ShouldBe(Name(source));
        ((string?)pvb["metadata"]!["ownerReferences"]![0]!["uid"]).ShouldBe((string?)synced["metadata"]!["uid"]);
        ((string?)pvb["metadata"]!["labels"]!["velero.io/backup-uid"]).ShouldBe((string?)synced["metadata"]!["uid"]);
        ((string?)pvb["spec"]!["backupStorageLocation"]).ShouldBe((string?)synced["spec"]!["storageLocation"]);
        ((string?)pvb["status"]!["snapshotID"]).ShouldBe((string?)source["status"]!["snapshotID"]);
    }
}
