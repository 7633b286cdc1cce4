using System.Text.Json.Nodes;
using DataProtection.Sandbox;
using DataProtection.Sandbox.ObjectStore;
using DataProtection.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>
/// A sandbox cluster whose Velero controller runs on a <see cref="FakeTimeProvider"/>, for Schedules. It has no storage
/// location, so each Backup a Schedule makes ends FailedValidation at once: only the Backups' creation is under test.
/// </summary>
public sealed class ScheduleSandbox : IAsyncDisposable
{
    private static readonly string[] Terminal = ["Completed", "PartiallyFailed", "Failed", "FailedValidation"];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-velero-schedule-" + Guid.NewGuid().ToString("N"));
    private S3Server _s3 = null!;
    private SandboxServer _server = null!;

    private ScheduleSandbox(DateTimeOffset start) => Time = new FakeTimeProvider(start);

    public FakeTimeProvider Time { get; }

    public IKubernetes Client { get; private set; } = null!;

    /// <summary>Velero is installed first, with no controller running, so the fake clock never has to drive the install check.</summary>
    public static async Task<ScheduleSandbox> StartAsync(DateTimeOffset start)
    {
        var sandbox = new ScheduleSandbox(start);
        sandbox._s3 = await S3Server.StartAsync(new S3ServerOptions(Path.Combine(sandbox._directory, "s3"))).DefaultTimeout();
        await using (var installer = await sandbox.StartServerAsync(velero: null))
            await VeleroFixture.InstallVeleroAsync(Connect(installer), sandbox._s3);
        sandbox._server = await sandbox.StartServerAsync(VeleroFixture.Options with { Time = sandbox.Time });
        sandbox.Client = Connect(sandbox._server);
        return sandbox;
    }

    private Task<SandboxServer> StartServerAsync(DataProtection.Sandbox.Velero.VeleroOptions? velero) =>
        SandboxServer.StartAsync(new SandboxServerOptions(_directory, ClusterNames: ["sandbox"], Seed: false)
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
            Velero = velero,
        }).DefaultTimeout();

    private static IKubernetes Connect(SandboxServer server) =>
        new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath, currentContext: "sandbox"));

    public async Task<JsonObject> CreateScheduleAsync(string name, JsonObject spec, JsonObject? labels = null)
    {
        var schedule = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Schedule",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = spec,
        };
        return Parse(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(schedule, "velero.io", "v1", VeleroFixture.Namespace, "schedules").DefaultTimeout());
    }

    public async Task PatchScheduleAsync(string name, JsonObject patch) =>
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            "velero.io", "v1", VeleroFixture.Namespace, "schedules", name).DefaultTimeout();

    public Task<JsonObject> WaitForScheduleAsync(string name, Func<JsonObject, bool> condition) =>
        VeleroFixture.WaitAsync(async () =>
        {
            var schedule = Parse(await Client.CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "schedules", name).DefaultTimeout());
            return condition(schedule) ? schedule : null;
        });

    /// <summary>The Backups labelled with the schedule's name, once there are <paramref name="count"/> and all have finished.</summary>
    public Task<List<JsonObject>> WaitForBackupsAsync(string schedule, int count) =>
        VeleroFixture.WaitAsync(async () =>
        {
            var backups = await BackupsAsync(schedule);
            return backups.Count == count && backups.All(b => Terminal.Contains((string?)b["status"]?["phase"])) ? backups : null;
        });

    public async Task<List<JsonObject>> BackupsAsync(string schedule)
    {
        var list = Parse(await Client.CustomObjects.ListNamespacedCustomObjectAsync("velero.io", "v1", VeleroFixture.Namespace, "backups",
            labelSelector: $"velero.io/schedule-name={schedule}").DefaultTimeout());
        return list["items"]!.AsArray().OfType<JsonObject>().OrderBy(b => (string?)b["metadata"]!["name"], StringComparer.Ordinal).ToList();
    }

    private static JsonObject Parse(object response) => JsonNode.Parse(KubernetesJson.Serialize(response))!.AsObject();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync().AsTask().DefaultTimeout();
        await _s3.DisposeAsync().AsTask().DefaultTimeout();
        Directory.Delete(_directory, recursive: true);
    }
}
