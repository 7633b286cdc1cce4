using DataProtection.Core.Clusters;

namespace DataProtection.Tests.Core.Clusters;

public sealed class ClusterProbeTests
{
    [Theory]
    [InlineData("velero/velero:v1.15.2", "v1.15.2")]
    [InlineData("registry.example.com:5000/velero/velero:v1.14.0", "v1.14.0")]
    [InlineData("registry.example.com:5000/velero/velero", "latest")]
    [InlineData("velero/velero:v1.16.0@sha256:abc", "v1.16.0")]
    [InlineData(null, null)]
    public void ImageTag_TakesTheTagAfterTheLastPathSegment(string? image, string? tag) =>
        ClusterProbe.ImageTag(image).ShouldBe(tag);
}
