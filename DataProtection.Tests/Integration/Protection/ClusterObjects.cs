using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.Velero;
using k8s;
using k8s.Autorest;

namespace DataProtection.Tests.Integration.Protection;

/// <summary>Reads a sandbox cluster directly, independently of the code under test.</summary>
public sealed class ClusterObjects(Kubernetes client)
{
    private static readonly string[] Terminal = ["Completed", "PartiallyFailed", "Failed", "FailedValidation"];

    public async Task<JsonObject?> GetAsync(string path)
    {
        try
        {
            using var response = await client.HttpClient.SendAsync(await RequestAsync(path)).DefaultTimeout();
            if (response.StatusCode == HttpStatusCode.NotFound)
                return null;
            response.EnsureSuccessStatusCode();
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<JsonObject> RequiredAsync(string path) => await GetAsync(path) ?? throw new ShouldAssertException($"{path} does not exist.");

    public async Task<string> ResourceVersionAsync(string path) => (string)(await RequiredAsync(path))["metadata"]!["resourceVersion"]!;

    public async Task<JsonObject> BackupAsync(string ns = "velero")
    {
        var name = $"b-{Guid.NewGuid().ToString("N")[..10]}";
        var backup = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["includedNamespaces"] = new JsonArray("shop") },
        };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(backup, "velero.io", "v1", ns, "backups").DefaultTimeout();
        return await VeleroFixture.WaitAsync(async () =>
            await GetAsync($"apis/velero.io/v1/namespaces/{ns}/backups/{name}") is { } b && Terminal.Contains((string?)b["status"]?["phase"]) ? b : null);
    }

    private async Task<HttpRequestMessage> RequestAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + path));
        await client.Credentials.ProcessHttpRequestAsync(request, CancellationToken.None);
        return request;
    }
}
