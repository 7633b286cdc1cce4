using System.Text.Json.Nodes;
using DataProtection.Core.Inventory;

namespace DataProtection.Tests.Core.Inventory;

public sealed class ObjectYamlTests
{
    [Fact]
    public void ToYaml_Secret_MasksValuesAndDropsManagedFields()
    {
        var secret = JsonNode.Parse("""
            {"data":{"password":"aHVudGVyMg=="},"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop","managedFields":[{"manager":"kubectl"}],
             "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"data\":{\"password\":\"aHVudGVyMg==\"}}"}},
             "stringData":{"user":"admin"},"type":"Opaque"}
            """)!;

        var yaml = ObjectYaml.ToYaml(secret);

        yaml.ShouldNotContain("aHVudGVyMg==");
        yaml.ShouldNotContain("admin");
        yaml.ShouldNotContain("managedFields");
        yaml.ShouldContain("password: '***'");
        yaml.ShouldContain("name: db");
        yaml.ShouldStartWith("apiVersion: v1\nkind: Secret\nmetadata:");
    }

    [Fact]
    public void ToYaml_ConfigMap_KeepsDataAndQuotesAmbiguousStrings()
    {
        var map = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"enabled":"true","port":"8080"},"spec":{"replicas":3}}""")!;

        var yaml = ObjectYaml.ToYaml(map);

        yaml.ShouldContain("enabled: \"true\"");
        yaml.ShouldContain("port: \"8080\"");
        yaml.ShouldContain("replicas: 3");
    }

    [Fact]
    public void ContinueToken_RoundTrips()
    {
        var token = ContinueToken.Encode("apps/deployments", "eyJvIjogMX0=");

        ContinueToken.Decode(token).ShouldBe(("apps/deployments", "eyJvIjogMX0="));
        ContinueToken.Decode(ContinueToken.Encode("pods", null)).ShouldBe(("pods", (string?)null));
    }

    [Fact]
    public void ContinueToken_Garbage_IsAValidationError() =>
        Should.Throw<DataProtection.Core.Common.ValidationException>(() => ContinueToken.Decode("%%%")).Field.ShouldBe("continue");
}
