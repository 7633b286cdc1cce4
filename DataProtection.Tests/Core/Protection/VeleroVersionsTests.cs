using DataProtection.Core.Common;
using DataProtection.Core.Protection;

namespace DataProtection.Tests.Core.Protection;

public sealed class VeleroVersionsTests
{
    [Theory]
    [InlineData("velero/velero:v1.18.0", "v1.18.0")]
    [InlineData("registry.local:5000/mirror/velero/velero:v1.17.1", "v1.17.1")]
    [InlineData("registry.local:5000/velero/velero", null)]
    [InlineData("velero/velero:v1.18.0@sha256:abc", "v1.18.0")]
    public void TagOf_ImageReference_IgnoresTheRegistryPort(string image, string? tag) => VeleroVersions.TagOf(image).ShouldBe(tag);

    [Theory]
    [InlineData(null, null)]
    [InlineData("  ", null)]
    [InlineData("registry.local:5000/mirror/", "registry.local:5000/mirror")]
    [InlineData("harbor.example.com", "harbor.example.com")]
    public void ValidateRegistry_HostWithOptionalPortAndPath_IsNormalised(string? input, string? expected) =>
        VeleroVersions.ValidateRegistry(input).ShouldBe(expected);

    [Theory]
    [InlineData("https://registry.local")]
    [InlineData("registry.local/velero:v1")]
    [InlineData("Registry.Local")]
    public void ValidateRegistry_SchemeTagOrCapitals_NamesTheField(string input) =>
        Should.Throw<ValidationException>(() => VeleroVersions.ValidateRegistry(input)).Field.ShouldBe("imageRegistry");

    [Fact]
    public void Validate_NoVersion_TakesTheDefaultAndEveryVersionHasAPlugin()
    {
        VeleroVersions.Validate(null).ShouldBe(VeleroVersions.Default);
        VeleroVersions.Supported.ShouldAllBe(v => VeleroVersions.PluginFor(v).StartsWith("v1.1"));
        Should.Throw<ValidationException>(() => VeleroVersions.Validate("latest")).Message.ShouldContain(VeleroVersions.Default);
    }
}
