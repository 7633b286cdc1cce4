using System.Text.Json.Nodes;

namespace DataProtection.Core.Protection;

/// <summary>Asks a cluster's Velero how it is: the deployment, a ServerStatusRequest, the default location's phase.</summary>
internal sealed class VeleroProbe(k8s.Kubernetes client, string ns, TimeSpan pollInterval)
{
    public string VeleroPath => $"apis/velero.io/v1/namespaces/{ns}";

    public Task<JsonObject?> GetDeploymentAsync(CancellationToken ct) => client.GetAsync($"apis/apps/v1/namespaces/{ns}/deployments/velero", ct);

    public static bool IsOurs(JsonObject obj) => (string?)obj["metadata"]?["labels"]?[KubeObjects.ManagedByLabel] == KubeObjects.ManagedByValue;

    public static string? ImageOf(JsonObject deployment) =>
        deployment["spec"]?["template"]?["spec"]?["containers"]?.AsArray().FirstOrDefault(c => (string?)c?["name"] == "velero")?["image"]?.GetValue<string>();

    /// <summary>Creates a ServerStatusRequest as <c>velero version</c> does, waits for it within <paramref name="timeout"/>, deletes it.</summary>
    public async Task<string> ServerVersionAsync(TimeSpan timeout, CancellationToken ct)
    {
        var request = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "ServerStatusRequest",
            ["metadata"] = new JsonObject { ["generateName"] = "dataprotection-", ["namespace"] = ns },
            ["spec"] = new JsonObject(),
        };
        var created = await client.CreateAsync($"{VeleroPath}/serverstatusrequests", request, ct);
        var path = $"{VeleroPath}/serverstatusrequests/{(string)created["metadata"]!["name"]!}";
        try
        {
            var processed = await WaitAsync(path, o => (string?)o["status"]?["phase"] == "Processed", timeout,
                $"Velero did not answer a ServerStatusRequest within {timeout.TotalSeconds:0} s: is the velero deployment running?", ct);
            return (string?)processed["status"]?["serverVersion"] ?? "unknown";
        }
        finally
        {
            await client.DeleteAsync(path, CancellationToken.None);
        }
    }

    public async Task<string?> LocationPhaseAsync(string location, CancellationToken ct) =>
        (string?)(await client.GetAsync($"{VeleroPath}/backupstoragelocations/{location}", ct))?["status"]?["phase"];

    public Task<JsonObject> WaitForAvailableAsync(string location, TimeSpan timeout, CancellationToken ct) =>
        WaitAsync($"{VeleroPath}/backupstoragelocations/{location}", o => (string?)o["status"]?["phase"] == "Available", timeout,
            $"The storage location {location} did not become Available within {timeout.TotalSeconds:0} s", ct, o => (string?)o["status"]?["message"]);

    /// <summary>Polls one object until <paramref name="done"/>; a watch would need a reconnect loop for a wait this short.</summary>
    public async Task<JsonObject> WaitAsync(string path, Func<JsonObject, bool> done, TimeSpan timeout, string timeoutMessage, CancellationToken ct,
        Func<JsonObject, string?>? reason = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        JsonObject? last = null;
        try
        {
            while (true)
            {
                last = await client.GetAsync(path, limit.Token);
                if (last is not null && done(last))
                {
                    return last;
                }
                await Task.Delay(pollInterval, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var why = last is null || reason is null ? null : reason(last);
            throw new TimeoutException(why is null ? timeoutMessage + "." : $"{timeoutMessage}: {why}");
        }
    }

    /// <summary>Every item of a collection, a page at a time.</summary>
    public Task<List<JsonObject>> ListAsync(string collection, CancellationToken ct) => client.ListAllAsync(collection, ct);
}
