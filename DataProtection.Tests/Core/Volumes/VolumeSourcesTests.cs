using System.Text.Json.Nodes;
using DataProtection.Core.Volumes;

namespace DataProtection.Tests.Core.Volumes;

public sealed class VolumeSourcesTests
{
    [Theory]
    [InlineData("""{"name":"d","persistentVolumeClaim":{"claimName":"c"}}""", "persistentVolumeClaim", null)]
    [InlineData("""{"name":"d","emptyDir":{}}""", "emptyDir", null)]
    [InlineData("""{"name":"d","hostPath":{"path":"/x"}}""", "hostPath", "node agent")]
    [InlineData("""{"name":"d","secret":{"secretName":"s"}}""", "secret", "Secret")]
    [InlineData("""{"name":"d","configMap":{"name":"c"}}""", "configMap", "ConfigMap")]
    [InlineData("""{"name":"d","downwardAPI":{"items":[]}}""", "downwardAPI", "Downward API")]
    [InlineData("""{"name":"d","projected":{"sources":[{"configMap":{"name":"c"}}]}}""", "projected", "Projected")]
    [InlineData("""{"name":"kube-api-access-1","projected":{"sources":[{"serviceAccountToken":{"path":"token"}}]}}""", "projected", "Service account token")]
    [InlineData("""{"name":"default-token-abcde","secret":{"secretName":"default-token-abcde"}}""", "secret", "Service account token")]
    public void KindAndUnsupportedReason_FollowVelerosRules(string json, string kind, string? reason)
    {
        var volume = JsonNode.Parse(json)!.AsObject();

        VolumeSources.KindOf(volume).ShouldBe(kind);
        if (reason is null)
        {
            VolumeSources.UnsupportedReason(volume).ShouldBeNull();
        }
        else
        {
            VolumeSources.UnsupportedReason(volume).ShouldNotBeNull().ShouldContain(reason);
        }
    }
}
