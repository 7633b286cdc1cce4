using System.Text.Json.Nodes;
using DataProtection.Core.Restores;

namespace DataProtection.Tests.Core.Restores;

public sealed class LocationCopyTests
{
    private static JsonObject Source() => JsonNode.Parse("""
        {"apiVersion":"velero.io/v1","kind":"BackupStorageLocation","metadata":{"name":"default","namespace":"velero","resourceVersion":"7"},
         "spec":{"provider":"aws","default":true,"accessMode":"ReadWrite","objectStorage":{"bucket":"velero-prod","prefix":"team/","caCert":"Q0E="},
                 "config":{"region":"eu-1","s3Url":"https://S3.example.com:9000/","checksumAlgorithm":""}},
         "status":{"phase":"Available"}}
        """)!.AsObject();

    [Fact]
    public void Location_IsTheSourceSpecReadOnlyNotDefaultWithTheCopiedCredentials()
    {
        var copy = LocationCopy.Location(Source(), "prod-default", "velero", "cloud", "prod/default");

        var spec = copy["spec"]!;
        ((string?)spec["accessMode"], (bool?)spec["default"], (string?)spec["credential"]!["name"], (string?)spec["credential"]!["key"])
            .ShouldBe(("ReadOnly", false, "dp-prod-default-credentials", "cloud"));
        ((string?)spec["objectStorage"]!["caCert"], (string?)spec["config"]!["checksumAlgorithm"]).ShouldBe(("Q0E=", ""));
        copy["status"].ShouldBeNull();
        copy["metadata"]!["resourceVersion"].ShouldBeNull();
        ((string?)copy["metadata"]!["annotations"]![LocationCopy.CopiedFromAnnotation]).ShouldBe("prod/default");
    }

    [Fact]
    public void Credential_WithoutOne_IsVelerosInstallSecret()
    {
        LocationCopy.Credential(Source()).ShouldBe(("cloud-credentials", "cloud"));
    }

    [Fact]
    public void Name_TooLongForVelerosLabel_IsShortenedWithAStableHash()
    {
        var name = LocationCopy.Name("cluster-with-a-rather-long-name", "location-with-an-even-longer-name-than-that");

        name.Length.ShouldBeLessThanOrEqualTo(63);
        name.ShouldBe(LocationCopy.Name("cluster-with-a-rather-long-name", "location-with-an-even-longer-name-than-that"));
        name.ShouldNotBe(LocationCopy.Name("cluster-with-a-rather-long-name", "location-with-an-even-longer-name-than-this"));
        LocationCopy.Name("prod", "default").ShouldBe("prod-default");
    }

    [Fact]
    public void BucketRoot_IgnoresTrailingSlashesAndEndpointCase_ButNotThePrefix()
    {
        var root = BucketRoot.Of(Source());
        var same = BucketRoot.Of(JsonNode.Parse("""{"spec":{"provider":"AWS","objectStorage":{"bucket":"velero-prod","prefix":"team"},"config":{"s3Url":"https://s3.example.com:9000"}}}""")!.AsObject());
        var other = BucketRoot.Of(JsonNode.Parse("""{"spec":{"provider":"aws","objectStorage":{"bucket":"velero-prod","prefix":"team-2"},"config":{"s3Url":"https://s3.example.com:9000"}}}""")!.AsObject());

        same.ShouldBe(root);
        other.ShouldNotBe(root);
        root.ToString().ShouldBe("bucket velero-prod prefix team at https://s3.example.com:9000");
    }
}
