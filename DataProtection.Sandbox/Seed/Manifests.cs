using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.Seed;

/// <summary>Builders for the seeded objects, shaped like what a real cluster returns.</summary>
internal static class Manifests
{
    public static JsonObject Object(string name, string? ns, Dictionary<string, string> labels, JsonObject? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
            metadata["namespace"] = ns;
        if (labels.Count > 0)
            metadata["labels"] = SampleWorkloads.Labels(labels);
        if (annotations is not null)
            metadata["annotations"] = annotations;
        return new JsonObject { ["metadata"] = metadata };
    }

    public static JsonObject StorageClass()
    {
        var sc = Object("standard", null, [], new JsonObject { ["storageclass.kubernetes.io/is-default-class"] = "true" });
        sc["provisioner"] = "rancher.io/local-path";
        sc["reclaimPolicy"] = "Delete";
        sc["volumeBindingMode"] = "WaitForFirstConsumer";
        return sc;
    }

    public static JsonObject ConfigMap(SampleApp app)
    {
        var cm = Object($"{app.Name}-config", app.Namespace, app.Labels);
        cm["data"] = new JsonObject { ["LOG_LEVEL"] = app.Env == "prod" ? "info" : "debug", ["APP_NAME"] = app.Name };
        return cm;
    }

    public static JsonObject Secret(SampleApp app, Random random)
    {
        var secret = Object($"{app.Name}-credentials", app.Namespace, app.Labels);
        secret["type"] = "Opaque";
        var password = Convert.ToBase64String(Enumerable.Range(0, 12).Select(_ => (byte)random.Next(33, 126)).ToArray());
        secret["data"] = new JsonObject { ["username"] = Convert.ToBase64String("app"u8.ToArray()), ["password"] = password };
        return secret;
    }

    public static JsonObject Service(SampleApp app, Random random)
    {
        var svc = Object(app.Name, app.Namespace, app.Labels);
        svc["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = $"10.96.{random.Next(1, 255)}.{random.Next(1, 255)}",
            ["selector"] = new JsonObject { ["app"] = app.Name },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = 8080, ["protocol"] = "TCP" }),
        };
        return svc;
    }

    public static JsonObject Workload(SampleApp app)
    {
        var workload = Object(app.Name, app.Namespace, app.Labels);
        var spec = new JsonObject
        {
            ["replicas"] = app.Replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app.Name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = SampleWorkloads.Labels(app.Labels) },
                ["spec"] = PodSpec(app, app.VolumeSize is null ? null : "data"),
            },
        };
        if (app.Stateful)
            spec["serviceName"] = app.Name;
        workload["spec"] = spec;
        workload["status"] = new JsonObject
        {
            ["replicas"] = app.Replicas, ["readyReplicas"] = app.Replicas, ["updatedReplicas"] = app.Replicas,
            ["availableReplicas"] = app.Replicas, ["observedGeneration"] = 1,
        };
        return workload;
    }

    public static JsonObject Pod(SampleApp app, string name, string? claim, Random random)
    {
        var annotations = claim is null ? null : new JsonObject { ["backup.velero.io/backup-volumes"] = "data" };
        var pod = Object(name, app.Namespace, app.Labels, annotations);
        var spec = PodSpec(app, claim);
        spec["nodeName"] = $"node-{random.Next(1, 4)}";
        pod["spec"] = spec;
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["podIP"] = $"10.244.{random.Next(0, 4)}.{random.Next(2, 250)}",
            ["hostIP"] = $"192.168.10.{random.Next(11, 14)}",
            ["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = app.Name, ["image"] = app.Image, ["ready"] = true, ["restartCount"] = random.Next(0, 3), ["started"] = true,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-01-05T08:00:00Z" } },
            }),
        };
        return pod;
    }

    public static JsonObject PersistentVolume(string name, string size, string ns, string claim)
    {
        var pv = Object(name, null, []);
        pv["spec"] = new JsonObject
        {
            ["capacity"] = new JsonObject { ["storage"] = size },
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["persistentVolumeReclaimPolicy"] = "Delete",
            ["storageClassName"] = "standard",
            ["claimRef"] = new JsonObject { ["kind"] = "PersistentVolumeClaim", ["namespace"] = ns, ["name"] = claim },
            ["hostPath"] = new JsonObject { ["path"] = $"/var/local-path-provisioner/{name}" },
        };
        pv["status"] = new JsonObject { ["phase"] = "Bound" };
        return pv;
    }

    public static JsonObject Claim(string name, string ns, Dictionary<string, string> labels, string size, string volume)
    {
        var pvc = Object(name, ns, labels);
        pvc["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
            ["storageClassName"] = "standard",
            ["volumeName"] = volume,
        };
        pvc["status"] = new JsonObject { ["phase"] = "Bound", ["capacity"] = new JsonObject { ["storage"] = size }, ["accessModes"] = new JsonArray("ReadWriteOnce") };
        return pvc;
    }

    private static JsonObject PodSpec(SampleApp app, string? claim)
    {
        var mounts = new JsonArray(new JsonObject { ["name"] = "config", ["mountPath"] = "/etc/app" });
        var volumes = new JsonArray(new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = $"{app.Name}-config" } });
        if (claim is not null)
        {
            mounts.Add(new JsonObject { ["name"] = "data", ["mountPath"] = "/var/lib/data" });
            volumes.Add(new JsonObject { ["name"] = "data", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } });
        }
        return new JsonObject
        {
            ["serviceAccountName"] = app.Name,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = app.Name, ["image"] = app.Image,
                ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "TCP" }),
                ["volumeMounts"] = mounts,
            }),
            ["volumes"] = volumes,
        };
    }
}
