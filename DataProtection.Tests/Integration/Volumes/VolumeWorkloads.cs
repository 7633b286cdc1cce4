using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DataProtection.Tests.Infrastructure;
using k8s;

namespace DataProtection.Tests.Integration.Volumes;

/// <summary>
/// Writes workloads straight to the sandbox API server, independently of the code under test. The sandbox runs no
/// controllers, so each pod is created by hand with the ownerReferences a real controller would set.
/// </summary>
public sealed class VolumeWorkloads(Kubernetes client, string ns)
{
    public string Namespace => ns;

    public static JsonArray StandardVolumes(string claim) => new(
        new JsonObject { ["name"] = "data", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } },
        new JsonObject { ["name"] = "cache", ["emptyDir"] = new JsonObject() },
        new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = "app-config" } },
        new JsonObject { ["name"] = "host", ["hostPath"] = new JsonObject { ["path"] = "/var/log" } },
        new JsonObject { ["name"] = "kube-api-access-x1", ["projected"] = new JsonObject { ["sources"] = new JsonArray(new JsonObject { ["serviceAccountToken"] = new JsonObject { ["path"] = "token" } }) } });

    public async Task CreateNamespaceAsync() =>
        await PostAsync("api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });

    /// <summary>Deployment web → ReplicaSet web-5d4f → pod web-5d4f-abcde with a 5Gi claim, the chain a real Deployment controller leaves.</summary>
    public async Task DeploymentAsync()
    {
        await ClaimAsync("data-web", "5Gi");
        await WorkloadAsync("Deployment", "web", StandardVolumes("data-web"));
        await WorkloadAsync("ReplicaSet", "web-5d4f", StandardVolumes("data-web"), owner: ("Deployment", "web"));
        await PodAsync("web-5d4f-abcde", StandardVolumes("data-web"), ("ReplicaSet", "web-5d4f"));
    }

    public Task ClaimAsync(string name, string size) => PostAsync($"api/v1/namespaces/{ns}/persistentvolumeclaims", new JsonObject
    {
        ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim", ["metadata"] = Meta(name),
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
        },
    });

    /// <summary>A Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob with <paramref name="volumes"/> in its pod template.</summary>
    public Task WorkloadAsync(string kind, string name, JsonArray volumes, JsonObject? templateAnnotations = null, (string Kind, string Name)? owner = null)
    {
        var (group, plural) = Collection(kind);
        var template = new JsonObject
        {
            ["metadata"] = WithAnnotations(new JsonObject { ["labels"] = new JsonObject { ["app"] = name } }, templateAnnotations),
            ["spec"] = PodSpec(volumes),
        };
        var spec = kind == "CronJob"
            ? new JsonObject { ["schedule"] = "0 3 * * *", ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } } }
            : new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } }, ["template"] = template };
        return PostAsync($"apis/{group}/v1/namespaces/{ns}/{plural}", new JsonObject
        {
            ["apiVersion"] = $"{group}/v1", ["kind"] = kind, ["metadata"] = Meta(name, owner), ["spec"] = spec,
        });
    }

    public Task PodAsync(string name, JsonArray volumes, (string Kind, string Name)? owner = null, JsonObject? annotations = null) =>
        PostAsync($"api/v1/namespaces/{ns}/pods", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = Meta(name, owner, annotations), ["spec"] = PodSpec(volumes),
        });

    public async Task<JsonObject> GetAsync(string kind, string name)
    {
        var (group, plural) = Collection(kind);
        var path = group.Length == 0 ? $"api/v1/namespaces/{ns}/{plural}/{name}" : $"apis/{group}/v1/namespaces/{ns}/{plural}/{name}";
        using var response = await SendAsync(HttpMethod.Get, path, null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static string? TemplateAnnotation(JsonObject workload, string key) =>
        (string?)(workload["kind"]!.GetValue<string>() switch
        {
            "Pod" => workload["metadata"],
            "CronJob" => workload["spec"]!["jobTemplate"]!["spec"]!["template"]!["metadata"],
            _ => workload["spec"]!["template"]!["metadata"],
        })?["annotations"]?[key];

    private static (string Group, string Plural) Collection(string kind) => kind switch
    {
        "Pod" => ("", "pods"),
        "Job" => ("batch", "jobs"),
        "CronJob" => ("batch", "cronjobs"),
        _ => ("apps", kind.ToLowerInvariant() + "s"),
    };

    private JsonObject Meta(string name, (string Kind, string Name)? owner = null, JsonObject? annotations = null)
    {
        var meta = WithAnnotations(new JsonObject { ["name"] = name, ["namespace"] = ns }, annotations);
        if (owner is { } o)
        {
            var group = Collection(o.Kind).Group;
            meta["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = group.Length == 0 ? "v1" : $"{group}/v1", ["kind"] = o.Kind, ["name"] = o.Name,
                ["uid"] = Guid.NewGuid().ToString(), ["controller"] = true, ["blockOwnerDeletion"] = true,
            });
        }
        return meta;
    }

    private static JsonObject WithAnnotations(JsonObject meta, JsonObject? annotations)
    {
        if (annotations is not null)
        {
            meta["annotations"] = annotations.DeepClone();
        }
        return meta;
    }

    private static JsonObject PodSpec(JsonArray volumes) => new()
    {
        ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" }),
        ["volumes"] = volumes.DeepClone(),
    };

    private async Task PostAsync(string path, JsonObject body)
    {
        using var response = await SendAsync(HttpMethod.Post, path, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, $"{path}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, new Uri(client.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + path));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        await client.Credentials.ProcessHttpRequestAsync(request, CancellationToken.None);
        return await client.HttpClient.SendAsync(request).DefaultTimeout();
    }
}
