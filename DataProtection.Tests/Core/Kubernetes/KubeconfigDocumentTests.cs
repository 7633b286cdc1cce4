using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DataProtection.Core.Common;
using DataProtection.Core.Kubernetes;

namespace DataProtection.Tests.Core.Kubernetes;

public sealed class KubeconfigDocumentTests
{
    internal const string TwoContexts = """
        apiVersion: v1
        kind: Config
        current-context: prod
        clusters:
        - name: prod-cluster
          cluster:
            server: https://prod.example.com:6443
            certificate-authority-data: Zm9v
        - name: dev-cluster
          cluster:
            server: http://127.0.0.1:1
        contexts:
        - name: prod
          context: { cluster: prod-cluster, user: prod-user }
        - name: dev
          context: { cluster: dev-cluster, user: dev-user }
        users:
        - name: prod-user
          user: { token: prod-token-123 }
        - name: dev-user
          user: { token: dev-token-456 }
        """;

    [Fact]
    public void ListContexts_TwoContexts_ReturnsBoth() =>
        KubeconfigDocument.ListContexts(TwoContexts).ShouldBe(["prod", "dev"]);

    [Fact]
    public void Parse_BadYaml_NamesTheLine()
    {
        var error = Should.Throw<ValidationException>(() => KubeconfigDocument.Parse("apiVersion: v1\nclusters:\n  - name: a\n   bad: [unclosed\n"));

        error.Field.ShouldBe("kubeconfig");
        error.Message.ShouldStartWith("The kubeconfig is not valid YAML: line ");
    }

    [Fact]
    public void Normalise_OtherContext_KeepsOnlyItsClusterAndUser()
    {
        var normalised = KubeconfigDocument.Normalise(TwoContexts, "dev");

        normalised.Server.ShouldBe("http://127.0.0.1:1");
        normalised.Context.ShouldBe("dev");
        normalised.Yaml.ShouldContain("dev-token-456");
        normalised.Yaml.ShouldNotContain("prod-token-123");
        KubeconfigDocument.ListContexts(normalised.Yaml).ShouldBe(["dev"]);
    }

    [Fact]
    public void Normalise_NoContextGiven_UsesCurrentContext() =>
        KubeconfigDocument.Normalise(TwoContexts, null).Context.ShouldBe("prod");

    [Fact]
    public void Normalise_UnknownContext_ListsTheKnownOnes()
    {
        var error = Should.Throw<ValidationException>(() => KubeconfigDocument.Normalise(TwoContexts, "staging"));

        error.Field.ShouldBe("context");
        error.Message.ShouldBe("The kubeconfig has no context named 'staging'. Contexts: prod, dev.");
    }

    [Fact]
    public void Normalise_ExecPlugin_IsRefused()
    {
        var exec = TwoContexts.Replace("user: { token: dev-token-456 }", "user: { exec: { command: aws, apiVersion: client.authentication.k8s.io/v1 } }");

        Should.Throw<ValidationException>(() => KubeconfigDocument.Normalise(exec, "dev")).Message.ShouldContain("exec credential plugin");
    }

    [Fact]
    public void Normalise_CaFileReference_IsRefused()
    {
        var file = TwoContexts.Replace("certificate-authority-data: Zm9v", "certificate-authority: /etc/ca.crt");

        Should.Throw<ValidationException>(() => KubeconfigDocument.Normalise(file, "prod")).Message.ShouldContain("certificate-authority-data");
    }

    [Theory]
    [InlineData("not a url", "t", "server")]
    [InlineData("ftp://x", "t", "server")]
    [InlineData("https://api.example.com", "", "token")]
    [InlineData("https://api.example.com", "t", "certificateAuthority")]
    public void FromToken_BadInput_NamesTheField(string server, string token, string field) =>
        Should.Throw<ValidationException>(() => KubeconfigDocument.FromToken(server, token, null)).Field.ShouldBe(field);

    [Fact]
    public void FromToken_NotPem_NamesCertificateAuthority() =>
        Should.Throw<ValidationException>(() => KubeconfigDocument.FromToken("https://a.example.com", "t", "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"))
            .Field.ShouldBe("certificateAuthority");

    [Fact]
    public void FromToken_WithCa_RoundTripsToAClientConfiguration()
    {
        using var key = ECDsa.Create();
        using var ca = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var normalised = KubeconfigDocument.FromToken("https://api.example.com:6443/", "secret-token", ca.ExportCertificatePem());
        var config = KubeconfigDocument.ToClientConfiguration(normalised.Yaml, TimeSpan.FromSeconds(3));

        normalised.Server.ShouldBe("https://api.example.com:6443");
        config.Host.ShouldBe("https://api.example.com:6443");
        config.AccessToken.ShouldBe("secret-token");
        config.SslCaCerts.ShouldNotBeNull().Count.ShouldBe(1);
        config.HttpClientTimeout.ShouldBe(TimeSpan.FromSeconds(3));
    }
}
