namespace DataProtection.Sandbox.KubeApi;

/// <summary>The built-in kinds the sandbox serves: data, not code per kind.</summary>
internal static class BuiltInResources
{
    public static readonly IReadOnlyList<ResourceType> All =
    [
        Core("namespaces", "namespace", "Namespace", false, ["ns"]),
        Core("pods", "pod", "Pod", true, ["po"], ["all"]),
        Core("services", "service", "Service", true, ["svc"], ["all"]),
        Core("configmaps", "configmap", "ConfigMap", true, ["cm"]),
        Core("secrets", "secret", "Secret", true, []),
        Core("serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"]),
        Core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, ["pvc"]),
        Core("persistentvolumes", "persistentvolume", "PersistentVolume", false, ["pv"]),
        Core("events", "event", "Event", true, ["ev"]),
        Of("apps", "deployments", "deployment", "Deployment", true, ["deploy"], ["all"]),
        Of("apps", "statefulsets", "statefulset", "StatefulSet", true, ["sts"], ["all"]),
        Of("apps", "daemonsets", "daemonset", "DaemonSet", true, ["ds"], ["all"]),
        Of("apps", "replicasets", "replicaset", "ReplicaSet", true, ["rs"], ["all"]),
        Of("batch", "jobs", "job", "Job", true, [], ["all"]),
        Of("batch", "cronjobs", "cronjob", "CronJob", true, ["cj"], ["all"]),
        Of("networking.k8s.io", "ingresses", "ingress", "Ingress", true, ["ing"]),
        Of("rbac.authorization.k8s.io", "roles", "role", "Role", true, []),
        Of("rbac.authorization.k8s.io", "rolebindings", "rolebinding", "RoleBinding", true, []),
        Of("rbac.authorization.k8s.io", "clusterroles", "clusterrole", "ClusterRole", false, []),
        Of("rbac.authorization.k8s.io", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, []),
        Of("storage.k8s.io", "storageclasses", "storageclass", "StorageClass", false, ["sc"]),
        Of("apiextensions.k8s.io", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, ["crd", "crds"]),
    ];

    public static readonly ResourceType Namespaces = All[0];
    public static readonly ResourceType CustomResourceDefinitions = All[^1];

    private static ResourceType Core(string plural, string singular, string kind, bool namespaced, string[] shortNames, string[]? categories = null) =>
        new("", "v1", plural, singular, kind, namespaced, shortNames, categories ?? []);

    private static ResourceType Of(string group, string plural, string singular, string kind, bool namespaced, string[] shortNames, string[]? categories = null) =>
        new(group, "v1", plural, singular, kind, namespaced, shortNames, categories ?? []);
}
