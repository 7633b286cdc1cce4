using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// The per-namespace kopia repository of a location (FORMAT.md §1.4): the BackupRepository CR Velero's ensurer creates and its
/// controller makes Ready, and stand-ins for kopia's blobs under <c>&lt;root&gt;kopia/&lt;namespace&gt;/</c>. Real kopia blobs are
/// encrypted and opaque, so random bytes keep their names and role without pretending to hold data.
/// </summary>
internal sealed class KopiaRepository(KubeClient kube, BackupStore store, JsonObject location, string veleroNamespace)
{
    private readonly HashSet<string> _ready = [];

    private string LocationName => (string)location["metadata"]!["name"]!;

    public async Task EnsureAsync(string volumeNamespace, CancellationToken ct)
    {
        if (!_ready.Add(volumeNamespace))
            return;
        await EnsureResourceAsync(volumeNamespace, ct);
        var root = Root(volumeNamespace);
        if (await store.Client.GetObjectAsync(store.Bucket, root + "kopia.repository", ct) is not null)
            return;
        var format = new JsonObject
        {
            ["tool"] = "https://github.com/kopia/kopia",
            ["buildVersion"] = "0.21.1",
            ["buildInfo"] = "velero",
            ["uniqueID"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["keyAlgo"] = "scrypt-65536-8-1",
            ["version"] = "1",
            ["encryption"] = "AES256_GCM_HMAC_SHA256",
            ["encryptedBlockFormat"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)),
        };
        await store.Client.PutObjectAsync(store.Bucket, root + "kopia.repository", Encoding.UTF8.GetBytes(format.ToJsonString()), ct);
        await store.Client.PutObjectAsync(store.Bucket, root + "kopia.blobcfg", RandomNumberGenerator.GetBytes(64), ct);
    }

    /// <summary>A snapshot leaves a content pack (<c>p</c>) and a manifest blob (<c>q</c>) behind; returns kopia's manifest ID.</summary>
    public async Task<string> WriteSnapshotAsync(string volumeNamespace, CancellationToken ct)
    {
        var root = Root(volumeNamespace);
        await store.Client.PutObjectAsync(store.Bucket, $"{root}p{Hex(16)}-s{Hex(8)}", RandomNumberGenerator.GetBytes(4096), ct);
        var manifest = Hex(16);
        await store.Client.PutObjectAsync(store.Bucket, $"{root}q{manifest}-s{Hex(8)}", RandomNumberGenerator.GetBytes(512), ct);
        return manifest;
    }

    private string Root(string volumeNamespace) => $"{store.Root}kopia/{volumeNamespace}/";

    private static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private async Task EnsureResourceAsync(string volumeNamespace, CancellationToken ct)
    {
        var collection = $"apis/velero.io/v1/namespaces/{veleroNamespace}/backuprepositories";
        var name = $"{volumeNamespace}-{LocationName}-kopia";
        if (await kube.GetAsync($"{collection}/{name}", ct) is not null)
            return;
        var config = location["spec"]?["config"];
        var url = ((string?)config?["s3Url"] ?? "").TrimEnd('/');
        await kube.CreateAsync(collection, new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "BackupRepository",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = veleroNamespace,
                ["labels"] = new JsonObject
                {
                    ["velero.io/volume-namespace"] = LabelValue.For(volumeNamespace),
                    ["velero.io/storage-location"] = LabelValue.For(LocationName),
                    ["velero.io/repository-type"] = "kopia",
                },
            },
            ["spec"] = new JsonObject
            {
                ["volumeNamespace"] = volumeNamespace,
                ["backupStorageLocation"] = LocationName,
                ["repositoryType"] = "kopia",
                ["resticIdentifier"] = $"s3:{url}/{store.Bucket}/{store.Root}restic/{volumeNamespace}",
                ["maintenanceFrequency"] = "1h0m0s",
            },
            ["status"] = new JsonObject { ["phase"] = "Ready" },
        }, ct);
    }
}
