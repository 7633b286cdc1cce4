using System.IO.Compression;
using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox.Velero;

[Collection(VeleroCollection.Name)]
public sealed class RequestControllerTests(VeleroFixture velero)
{
    private readonly BackupTestKit _kit = new(velero);

    private async Task<string> CreateAsync(string plural, string kind, JsonObject spec)
    {
        var name = $"r-{Guid.NewGuid().ToString("N")[..10]}";
        var request = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
        await velero.Client.CustomObjects.CreateNamespacedCustomObjectAsync(request, "velero.io", "v1", VeleroFixture.Namespace, plural).DefaultTimeout();
        return name;
    }

    private async Task<JsonObject> DeleteBackupAsync(string backup)
    {
        var request = await CreateAsync("deletebackuprequests", "DeleteBackupRequest", new JsonObject { ["backupName"] = backup });
        return await velero.WaitForAsync("deletebackuprequests", request, r => (string?)r["status"]?["phase"] == "Processed");
    }

    private async Task<string> CompletedBackupAsync(string? location = null)
    {
        var ns = await _kit.NamespaceWithConfigMapsAsync(("cm", null));
        var spec = new JsonObject { ["includedNamespaces"] = new JsonArray(ns) };
        if (location is not null)
            spec["storageLocation"] = location;
        var backup = await _kit.RunAsync(spec);
        ((string?)backup["status"]!["phase"]).ShouldBe("Completed");
        return (string)backup["metadata"]!["name"]!;
    }

    [Fact]
    public async Task DeleteBackupRequest_CompletedBackup_RemovesObjectsBackupAndRequest()
    {
        var backup = await CompletedBackupAsync();

        var request = await CreateAsync("deletebackuprequests", "DeleteBackupRequest", new JsonObject { ["backupName"] = backup });

        await VeleroFixture.WaitAsync(async () => await velero.GetAsync("deletebackuprequests", request) is null ? "gone" : null);
        (await velero.GetAsync("backups", backup)).ShouldBeNull();
        (await _kit.KeysAsync(velero.DefaultBucket, $"backups/{backup}/")).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteBackupRequest_BackupInProgress_Refused()
    {
        var backup = await CompletedBackupAsync();
        await velero.Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"status":{"phase":"InProgress"}}""", V1Patch.PatchType.MergePatch),
            "velero.io", "v1", VeleroFixture.Namespace, "backups", backup).DefaultTimeout();

        var request = await DeleteBackupAsync(backup);

        ((string?)request["status"]!["errors"]![0]).ShouldBe("backup is still in progress");
        (await _kit.KeysAsync(velero.DefaultBucket, $"backups/{backup}/")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task DeleteBackupRequest_ReadOnlyLocation_Refused()
    {
        var location = await velero.CreateLocationAsync(await velero.NewBucketAsync());
        await velero.WaitForAsync("backupstoragelocations", location, l => (string?)l["status"]?["phase"] == "Available");
        var backup = await CompletedBackupAsync(location);
        await velero.Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"accessMode":"ReadOnly"}}""", V1Patch.PatchType.MergePatch),
            "velero.io", "v1", VeleroFixture.Namespace, "backupstoragelocations", location).DefaultTimeout();

        var request = await DeleteBackupAsync(backup);

        ((string?)request["status"]!["errors"]![0]).ShouldBe($"cannot delete backup because backup storage location {location} is currently in read-only mode");
        (await velero.GetAsync("backups", backup)).ShouldNotBeNull();
    }

    [Fact]
    public async Task DeleteBackupRequest_MissingBackup_BackupNotFound()
    {
        var request = await DeleteBackupAsync("no-such-backup");

        ((string?)request["status"]!["errors"]![0]).ShouldBe("backup not found");
    }

    [Fact]
    public async Task DownloadRequest_BackupResourceList_PresignedUrlServesTheObject()
    {
        var backup = await CompletedBackupAsync();

        var name = await CreateAsync("downloadrequests", "DownloadRequest",
            new JsonObject { ["target"] = new JsonObject { ["kind"] = "BackupResourceList", ["name"] = backup } });
        var request = await velero.WaitForAsync("downloadrequests", name, r => (string?)r["status"]?["phase"] == "Processed");

        var expiration = DateTimeOffset.Parse((string)request["status"]!["expiration"]!);
        expiration.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(10).AddSeconds(1));
        using var http = new HttpClient();
        var body = await http.GetByteArrayAsync((string)request["status"]!["downloadURL"]!).DefaultTimeout();
        using var reader = new StreamReader(new GZipStream(new MemoryStream(body), CompressionMode.Decompress));
        JsonNode.Parse(await reader.ReadToEndAsync())!["v1/ConfigMap"].ShouldNotBeNull();
    }

    [Fact]
    public async Task DownloadRequest_MissingBackup_StaysNewWithExpiration()
    {
        var name = await CreateAsync("downloadrequests", "DownloadRequest",
            new JsonObject { ["target"] = new JsonObject { ["kind"] = "BackupLog", ["name"] = "no-such-backup" } });

        var request = await velero.WaitForAsync("downloadrequests", name, r => r["status"]?["expiration"] is not null);

        ((string?)request["status"]!["phase"]).ShouldBe("New");
        request["status"]!["downloadURL"].ShouldBeNull();
    }

    [Fact]
    public async Task DownloadRequest_BackupLog_GzippedLogfmtLines()
    {
        var backup = await CompletedBackupAsync();
        var name = await CreateAsync("downloadrequests", "DownloadRequest",
            new JsonObject { ["target"] = new JsonObject { ["kind"] = "BackupLog", ["name"] = backup } });
        var request = await velero.WaitForAsync("downloadrequests", name, r => (string?)r["status"]?["phase"] == "Processed");

        using var http = new HttpClient();
        var body = await http.GetByteArrayAsync((string)request["status"]!["downloadURL"]!).DefaultTimeout();

        using var reader = new StreamReader(new GZipStream(new MemoryStream(body), CompressionMode.Decompress));
        var log = await reader.ReadToEndAsync();
        log.ShouldContain($"level=info msg=\"Writing backup version file\" backup=velero/{backup} logSource=");
        log.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(line => line.StartsWith("time=\""));
    }

    [Fact]
    public async Task DownloadRequest_Expired_Removed()
    {
        var backup = await CompletedBackupAsync();
        var name = await CreateAsync("downloadrequests", "DownloadRequest",
            new JsonObject { ["target"] = new JsonObject { ["kind"] = "BackupLog", ["name"] = backup } });
        await velero.WaitForAsync("downloadrequests", name, r => (string?)r["status"]?["phase"] == "Processed");

        await velero.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"status":{"expiration":"2020-01-01T00:00:00Z"}}""", V1Patch.PatchType.MergePatch),
            "velero.io", "v1", VeleroFixture.Namespace, "downloadrequests", name).DefaultTimeout();

        await VeleroFixture.WaitAsync(async () => await velero.GetAsync("downloadrequests", name) is null ? "gone" : null);
    }

    [Fact]
    public async Task ServerStatusRequest_New_ProcessedWithVersionAndPlugins()
    {
        var name = await CreateAsync("serverstatusrequests", "ServerStatusRequest", []);

        var request = await velero.WaitForAsync("serverstatusrequests", name, r => (string?)r["status"]?["phase"] == "Processed");

        ((string?)request["status"]!["serverVersion"]).ShouldStartWith("v1.18.");
        request["status"]!["plugins"]!.AsArray().Select(p => (string?)p!["kind"]).ShouldContain("ObjectStore");
        ((string?)request["status"]!["processedTimestamp"]).ShouldNotBeNull();
    }
}
