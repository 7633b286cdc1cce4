namespace DataProtection.Tests.Sandbox;

/// <summary>Sample manifests (built-ins and Velero custom resources) for the kubectl tests.</summary>
public static class KubectlSamples
{
    public static string Manifests(string ns) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: {ns}
          labels:
            app: shop
            tier: backend
        data:
          mode: fast
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {ns}
          labels:
            app: web
            tier: frontend
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx:1.27
        ---
        apiVersion: velero.io/v1
        kind: BackupStorageLocation
        metadata:
          name: default
          namespace: {ns}
        spec:
          provider: aws
          objectStorage:
            bucket: backups
            prefix: sandbox
          config:
            region: minio
            s3ForcePathStyle: "true"
            s3Url: http://127.0.0.1:9000
        ---
        apiVersion: velero.io/v1
        kind: Backup
        metadata:
          name: nightly-1
          namespace: {ns}
          labels:
            velero.io/schedule-name: nightly
        spec:
          includedNamespaces:
          - shop
          ttl: 720h0m0s
          storageLocation: default
        ---
        apiVersion: velero.io/v1
        kind: Schedule
        metadata:
          name: nightly
          namespace: {ns}
        spec:
          schedule: "0 2 * * *"
          template:
            includedNamespaces:
            - shop
            ttl: 720h0m0s
        """;

    public static async Task InstallVeleroCrdsAsync(SandboxFixture sandbox) =>
        (await sandbox.Kubectl.RunAsync("apply -f /work/shared/velero/crds/v1/")).ShouldSucceed();

    public static async Task<string> NamespaceWithSamplesAsync(SandboxFixture sandbox)
    {
        await InstallVeleroCrdsAsync(sandbox);
        var ns = await sandbox.NewNamespaceAsync("k");
        (await sandbox.Kubectl.RunAsync("apply -f -", Manifests(ns))).ShouldSucceed();
        return ns;
    }
}
