using DataProtection.Core.Common;
using DataProtection.Core.StorageLocations;

namespace DataProtection.Tests.Core.StorageLocations;

public sealed class StorageInputTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("My-Bucket")]
    [InlineData("bucket_name")]
    [InlineData("-bucket")]
    [InlineData("bucket..name")]
    [InlineData("bucket.-name")]
    [InlineData("192.168.1.10")]
    [InlineData("xn--bucket")]
    [InlineData("bucket-s3alias")]
    [InlineData("")]
    public void Bucket_BreaksS3Rules_NamesBucketField(string bucket)
    {
        Should.Throw<ValidationException>(() => StorageInput.Bucket(bucket)).Field.ShouldBe("bucket");
    }

    [Theory]
    [InlineData("velero-backups")]
    [InlineData("my.bucket.2026")]
    [InlineData("abc")]
    public void Bucket_Valid_Returned(string bucket) => StorageInput.Bucket(bucket).ShouldBe(bucket);

    [Theory]
    [InlineData("with space")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("a\\b")]
    [InlineData("what?")]
    [InlineData("100%")]
    [InlineData("a#b")]
    public void Prefix_UnsafeCharacters_NamesPrefixField(string prefix)
    {
        Should.Throw<ValidationException>(() => StorageInput.Prefix(prefix)).Field.ShouldBe("prefix");
    }

    [Theory]
    [InlineData("/cluster-a/", "cluster-a")]
    [InlineData("teams/shop_1", "teams/shop_1")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Prefix_Valid_TrimmedOfSlashesAsVeleroDoes(string? prefix, string expected) => StorageInput.Prefix(prefix).ShouldBe(expected);

    [Theory]
    [InlineData("s3.example.com")]
    [InlineData("ftp://s3.example.com")]
    [InlineData("https://")]
    [InlineData("https://s3.example.com/?x=1")]
    [InlineData("https://user@s3.example.com")]
    [InlineData(" ")]
    public void Endpoint_Invalid_NamesEndpointField(string endpoint)
    {
        Should.Throw<ValidationException>(() => StorageInput.Endpoint(endpoint)).Field.ShouldBe("endpoint");
    }

    [Fact]
    public void Endpoint_Https_Parsed() => StorageInput.Endpoint(" https://s3.eu-central-1.amazonaws.com ").Host.ShouldBe("s3.eu-central-1.amazonaws.com");

    [Fact]
    public void Region_Blank_DefaultsToUsEast1() => StorageInput.Region("  ").ShouldBe("us-east-1");

    [Fact]
    public void Region_Invalid_NamesRegionField() => Should.Throw<ValidationException>(() => StorageInput.Region("EU Central")).Field.ShouldBe("region");

    [Theory]
    [InlineData("Prod")]
    [InlineData("managed-x")]
    [InlineData("a_b")]
    public void Name_Invalid_NamesNameField(string name) => Should.Throw<ValidationException>(() => StorageInput.Name(name)).Field.ShouldBe("name");

    [Fact]
    public void CaBundle_NotPem_NamesCaBundleField() =>
        Should.Throw<ValidationException>(() => StorageInput.CaBundle("not a certificate")).Field.ShouldBe("caBundle");

    [Fact]
    public void Key_Missing_NamesTheField() =>
        Should.Throw<ValidationException>(() => StorageInput.Key(" ", "secretKey", "secret key")).Message.ShouldBe("The secret key is required.");
}
