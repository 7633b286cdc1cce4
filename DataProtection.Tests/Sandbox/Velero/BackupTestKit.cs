using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>Creating backups, seeding their input and reading back what the controller wrote, independently of the controller's code.</summary>
public sealed class BackupTestKit(VeleroFixture velero)
{
    private static readonly string[] Terminal = ["Completed", "PartiallyFailed", "Failed", "FailedValidation"];

    public async Task<string> NamespaceWithConfigMapsAsync(params (string Name, string? App)[] configMaps)
    {
        var ns = $"app-{Guid.NewGuid().ToString("N")[..8]}";
        await velero.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = ns } }).DefaultTimeout();
        foreach (var (name, app) in configMaps)
        {
            var labels = app is null ? null : new Dictionary<string, string> { ["app"] = app };
            await velero.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = name, Labels = labels } }, ns).DefaultTimeout();
        }
        return ns;
    }

    public async Task<JsonObject> RunAsync(JsonObject spec)
    {
        var name = $"b-{Guid.NewGuid().ToString("N")[..10]}";
        var backup = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = VeleroFixture.Namespace },
            ["spec"] = spec,
        };
        await velero.Client.CustomObjects.CreateNamespacedCustomObjectAsync(backup, "velero.io", "v1", VeleroFixture.Namespace, "backups").DefaultTimeout();
        return await velero.WaitForAsync("backups", name, b => Terminal.Contains((string?)b["status"]?["phase"]));
    }

    public async Task<List<string>> KeysAsync(string bucket, string prefix)
    {
        var response = await velero.Bucket.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix }).DefaultTimeout();
        return (response.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public async Task<byte[]> ObjectAsync(string bucket, string key)
    {
        using var response = await velero.Bucket.GetObjectAsync(bucket, key).DefaultTimeout();
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public async Task<JsonNode> GzipJsonAsync(string bucket, string key)
    {
        using var gzip = new GZipStream(new MemoryStream(await ObjectAsync(bucket, key)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var text = await reader.ReadToEndAsync();
        text.ShouldEndWith("\n");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The tarball's entries in order, with their content.</summary>
    public async Task<List<(string Name, string Content)>> TarballAsync(string bucket, string backup)
    {
        var entries = new List<(string, string)>();
        using var gzip = new GZipStream(new MemoryStream(await ObjectAsync(bucket, $"backups/{backup}/{backup}.tar.gz")), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            entry.EntryType.ShouldBeOneOf(TarEntryType.RegularFile, TarEntryType.V7RegularFile);
            using var reader = new StreamReader(entry.DataStream!);
            entries.Add((entry.Name, reader.ReadToEnd()));
        }
        return entries;
    }
}
