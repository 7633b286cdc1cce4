using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>
/// A private CA and a server certificate for 127.0.0.1/localhost, made on first start and reused, so clients verify TLS
/// against the CA in the kubeconfig instead of skipping verification.
/// </summary>
internal sealed record Certificates(X509Certificate2 Server, string CaPem)
{
    public static Certificates LoadOrCreate(string directory)
    {
        var caPath = Path.Combine(directory, "ca.crt");
        var serverPath = Path.Combine(directory, "server.pfx");
        if (!File.Exists(caPath) || !File.Exists(serverPath))
            Create(caPath, serverPath);
        return new Certificates(X509CertificateLoader.LoadPkcs12FromFile(serverPath, null), File.ReadAllText(caPath));
    }

    private static void Create(string caPath, string serverPath)
    {
        var now = DateTimeOffset.UtcNow.AddDays(-1);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=DataProtection Sandbox CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now, now.AddYears(10));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = serverRequest.Create(ca, now, now.AddYears(5), serial);
        using var server = signed.CopyWithPrivateKey(serverKey);

        File.WriteAllText(caPath, ca.ExportCertificatePem() + "\n");
        File.WriteAllBytes(serverPath, server.Export(X509ContentType.Pkcs12));
    }
}
