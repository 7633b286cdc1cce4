using System.Text.Json.Nodes;

namespace DataProtection.Core.Protection;

/// <summary>The objects <c>velero install --use-node-agent --uploader-type=kopia</c> creates (FORMAT.md §6), built in code.</summary>
internal sealed record VeleroManifest(string Namespace, string Version, string? Registry)
{
    public const string CredentialsSecret = "cloud-credentials";
    public const string DefaultLocation = "default";

    public string VeleroImage => VeleroVersions.Image(Registry, "velero/velero", Version);

    public string PluginImage => VeleroVersions.Image(Registry, "velero/velero-plugin-for-aws", VeleroVersions.PluginFor(Version));

    public string BindingName => Namespace == "velero" ? "velero" : $"velero-{Namespace}";

    public static JsonObject Labels(params (string Key, string Value)[] extra)
    {
        var labels = new JsonObject { ["component"] = "velero", [KubeObjects.ManagedByLabel] = KubeObjects.ManagedByValue };
        foreach (var (key, value) in extra)
        {
            labels[key] = value;
        }
        return labels;
    }

    public JsonObject NamespaceObject() => Object("v1", "Namespace", Namespace, null, labels: Labels(
        ("pod-security.kubernetes.io/enforce", "privileged"), ("pod-security.kubernetes.io/enforce-version", "latest"),
        ("pod-security.kubernetes.io/audit", "privileged"), ("pod-security.kubernetes.io/audit-version", "latest"),
        ("pod-security.kubernetes.io/warn", "privileged"), ("pod-security.kubernetes.io/warn-version", "latest")));

    public JsonObject ServiceAccount() => Object("v1", "ServiceAccount", "velero", Namespace);

    public JsonObject ClusterRoleBinding()
    {
        var binding = Object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", BindingName, null);
        binding["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "cluster-admin" };
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "velero", ["namespace"] = Namespace });
        return binding;
    }

    /// <summary>The VSL <c>default</c>, in the same provider and region as the default BSL.</summary>
    public JsonObject SnapshotLocation(string provider, string? region)
    {
        var location = Object("velero.io/v1", "VolumeSnapshotLocation", DefaultLocation, Namespace);
        var config = new JsonObject();
        if (region is not null)
        {
            config["region"] = region;
        }
        location["spec"] = new JsonObject { ["provider"] = provider, ["config"] = config };
        return location;
    }

    public JsonObject Deployment()
    {
        var podLabels = Labels(("deploy", "velero"));
        var deployment = Object("apps/v1", "Deployment", "velero", Namespace);
        var container = Container("velero", VeleroImage, ["server", "--uploader-type=kopia", "--default-volumes-to-fs-backup=false"]);
        container["ports"] = new JsonArray(new JsonObject { ["name"] = "metrics", ["containerPort"] = 8085 });
        container["env"] = Env(("VELERO_SCRATCH_DIR", "/scratch"), ("LD_LIBRARY_PATH", "/plugins"));
        container["env"]!.AsArray().Add(FieldEnv("VELERO_NAMESPACE", "metadata.namespace"));
        container["volumeMounts"] = Mounts(("plugins", "/plugins"), ("scratch", "/scratch"), (CredentialsSecret, "/credentials"));
        container["resources"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "128Mi" },
            ["limits"] = new JsonObject { ["cpu"] = "1000m", ["memory"] = "512Mi" },
        };
        var plugin = new JsonObject
        {
            ["name"] = "velero-velero-plugin-for-aws",
            ["image"] = PluginImage,
            ["imagePullPolicy"] = "IfNotPresent",
            ["volumeMounts"] = Mounts(("plugins", "/target")),
        };
        deployment["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["deploy"] = "velero" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["labels"] = podLabels,
                    ["annotations"] = new JsonObject { ["prometheus.io/scrape"] = "true", ["prometheus.io/port"] = "8085", ["prometheus.io/path"] = "/metrics" },
                },
                ["spec"] = PodSpec(container, new JsonArray(plugin), new JsonArray(EmptyDir("plugins"), EmptyDir("scratch"), SecretVolume())),
            },
        };
        return deployment;
    }

    public JsonObject NodeAgent()
    {
        var daemonSet = Object("apps/v1", "DaemonSet", "node-agent", Namespace);
        var container = Container("node-agent", VeleroImage, ["node-agent", "server"]);
        container["env"] = Env(("VELERO_SCRATCH_DIR", "/scratch"));
        container["env"]!.AsArray().Add(FieldEnv("NODE_NAME", "spec.nodeName"));
        container["env"]!.AsArray().Add(FieldEnv("VELERO_NAMESPACE", "metadata.namespace"));
        container["securityContext"] = new JsonObject { ["runAsUser"] = 0 };
        container["volumeMounts"] = Mounts(("host-pods", "/host_pods"), ("host-plugins", "/var/lib/kubelet/plugins"), ("scratch", "/scratch"), (CredentialsSecret, "/credentials"));
        daemonSet["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["name"] = "node-agent" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Labels(("name", "node-agent"), ("role", "node-agent")) },
                ["spec"] = PodSpec(container, [], new JsonArray(HostPath("host-pods", "/var/lib/kubelet/pods"),
                    HostPath("host-plugins", "/var/lib/kubelet/plugins"), EmptyDir("scratch"), SecretVolume())),
            },
        };
        return daemonSet;
    }

    private static JsonObject Object(string apiVersion, string kind, string name, string? ns, JsonObject? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["labels"] = labels ?? Labels() };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }

    private static JsonObject Container(string name, string image, string[] args) => new()
    {
        ["name"] = name,
        ["image"] = image,
        ["imagePullPolicy"] = "IfNotPresent",
        ["command"] = new JsonArray("/velero"),
        ["args"] = new JsonArray([.. args.Select(a => (JsonNode?)a)]),
    };

    private static JsonObject PodSpec(JsonObject container, JsonArray initContainers, JsonArray volumes)
    {
        // The credentials env vars of every provider point at the one mounted file, as velero install sets them.
        var env = container["env"]!.AsArray();
        foreach (var variable in new[] { "AWS_SHARED_CREDENTIALS_FILE", "GOOGLE_APPLICATION_CREDENTIALS", "AZURE_CREDENTIALS_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE" })
        {
            env.Add(new JsonObject { ["name"] = variable, ["value"] = "/credentials/cloud" });
        }
        var spec = new JsonObject
        {
            ["serviceAccountName"] = "velero",
            ["restartPolicy"] = "Always",
            ["containers"] = new JsonArray(container),
            ["volumes"] = volumes,
            ["affinity"] = new JsonObject
            {
                ["nodeAffinity"] = new JsonObject
                {
                    ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
                    {
                        ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                        {
                            ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "kubernetes.io/os", ["operator"] = "NotIn", ["values"] = new JsonArray("windows") }),
                        }),
                    },
                },
            },
        };
        if (initContainers.Count > 0)
        {
            spec["initContainers"] = initContainers;
        }
        return spec;
    }

    private static JsonArray Env(params (string Name, string Value)[] values) =>
        [.. values.Select(v => (JsonNode?)new JsonObject { ["name"] = v.Name, ["value"] = v.Value })];

    private static JsonObject FieldEnv(string name, string path) =>
        new() { ["name"] = name, ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = path } } };

    private static JsonArray Mounts(params (string Name, string Path)[] mounts) =>
        [.. mounts.Select(m => (JsonNode?)new JsonObject { ["name"] = m.Name, ["mountPath"] = m.Path })];

    private static JsonObject EmptyDir(string name) => new() { ["name"] = name, ["emptyDir"] = new JsonObject() };

    private static JsonObject HostPath(string name, string path) => new() { ["name"] = name, ["hostPath"] = new JsonObject { ["path"] = path } };

    private static JsonObject SecretVolume() =>
        new() { ["name"] = CredentialsSecret, ["secret"] = new JsonObject { ["secretName"] = CredentialsSecret, ["defaultMode"] = 292 } };
}
