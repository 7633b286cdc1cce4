using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DataProtection.Core.StorageLocations;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Integration.StorageLocations.S3ValidationFixture;

namespace DataProtection.Tests.Integration.StorageLocations;

/// <summary>TLS trust of the S3 client: the CA bundle, its absence, a wrong one, and the insecure toggle, against an HTTPS server with a private CA.</summary>
public sealed class S3TlsTests(S3ValidationFixture s3) : IClassFixture<S3ValidationFixture>
{
    private string HttpsEndpoint => new Uri(s3.Tls["sandbox"].Server).GetLeftPart(UriPartial.Authority);

    private Task<StorageValidationResult> ValidateAsync(string? caBundle, bool insecure = false) =>
        s3.App.Service<StorageLocationService>().ValidateAsync(Admin,
            new StorageLocationInput("tls", null, HttpsEndpoint, null, "bucket", null, CaBundle: caBundle, InsecureSkipTlsVerify: insecure, AccessKey: "a", SecretKey: "s"),
            null, CancellationToken.None).DefaultTimeout();

    [Fact]
    public async Task ValidateAsync_PrivateCaWithoutBundle_EndpointFieldNamesTls()
    {
        var result = await ValidateAsync(null);

        (result.Field, result.Succeeded).ShouldBe(("endpoint", false));
        result.Error.ShouldNotBeNull().ShouldContain("TLS");
    }

    [Fact]
    public async Task ValidateAsync_WrongCaBundle_CaBundleFieldNamesTls()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Some Other CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var result = await ValidateAsync(other.ExportCertificatePem());

        result.Field.ShouldBe("caBundle");
        result.Error.ShouldNotBeNull().ShouldContain("TLS");
    }

    [Fact]
    public async Task ValidateAsync_RightCaBundle_TlsSucceedsAndTheServerAnswers()
    {
        var result = await ValidateAsync(s3.Tls["sandbox"].CertificateAuthorityPem);

        result.Succeeded.ShouldBeFalse("a Kubernetes API server is no S3 endpoint");
        result.Error.ShouldNotBeNull().ShouldNotContain("TLS");
    }

    [Fact]
    public async Task ValidateAsync_InsecureSkipTlsVerify_TlsNotChecked()
    {
        var result = await ValidateAsync(null, insecure: true);

        result.Error.ShouldNotBeNull().ShouldNotContain("TLS");
    }
}
