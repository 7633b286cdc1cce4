using DataProtection.Core.Protection;

namespace DataProtection.Tests.Core.Protection;

/// <summary>The shape <c>velero install</c> gives its objects (FORMAT.md §6), checked field by field.</summary>
public sealed class VeleroManifestTests
{
    private static readonly VeleroManifest Manifest = new("backup-system", "v1.18.1", "mirror.local:5000");

    [Fact]
    public void Deployment_MatchesVeleroInstall()
    {
        var deployment = Manifest.Deployment();
        var pod = deployment["spec"]!["template"]!;
        var container = pod["spec"]!["containers"]![0]!;

        ((string?)deployment["spec"]!["selector"]!["matchLabels"]!["deploy"]).ShouldBe("velero");
        ((string?)pod["metadata"]!["labels"]!["component"]).ShouldBe("velero");
        ((string?)pod["metadata"]!["annotations"]!["prometheus.io/port"]).ShouldBe("8085");
        ((string?)container["image"]).ShouldBe("mirror.local:5000/velero/velero:v1.18.1");
        ((string?)pod["spec"]!["initContainers"]![0]!["image"]).ShouldBe("mirror.local:5000/velero/velero-plugin-for-aws:v1.14.4");
        container["env"]!.AsArray().Select(e => (string?)e!["name"]).ShouldBe(["VELERO_SCRATCH_DIR", "LD_LIBRARY_PATH", "VELERO_NAMESPACE",
            "AWS_SHARED_CREDENTIALS_FILE", "GOOGLE_APPLICATION_CREDENTIALS", "AZURE_CREDENTIALS_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE"]);
        ((int?)pod["spec"]!["volumes"]![2]!["secret"]!["defaultMode"]).ShouldBe(0x124);
        ((string?)container["resources"]!["limits"]!["memory"]).ShouldBe("512Mi");
    }

    [Fact]
    public void NodeAgentAndBinding_FollowTheInstallNamespace()
    {
        var agent = Manifest.NodeAgent()["spec"]!["template"]!;
        var binding = Manifest.ClusterRoleBinding();

        agent["metadata"]!["labels"]!.AsObject().Select(l => l.Key).ShouldBe(["component", "dataprotection.io/managed-by", "name", "role"]);
        agent["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string?)a).ShouldBe(["node-agent", "server"]);
        ((string?)binding["metadata"]!["name"]).ShouldBe("velero-backup-system");
        ((string?)binding["subjects"]![0]!["namespace"]).ShouldBe("backup-system");
        new VeleroManifest("velero", "v1.18.1", null).BindingName.ShouldBe("velero");
    }
}
