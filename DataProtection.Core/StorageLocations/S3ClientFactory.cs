using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.StorageLocations;

/// <summary>Builds an S3 client for a connection: path-style, the given CA bundle or none, short timeouts, no retries.</summary>
public sealed class S3ClientFactory(IOptions<StorageOptions> options)
{
    public AmazonS3Client Create(S3Connection connection)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = connection.Endpoint.ToString(),
            ForcePathStyle = connection.ForcePathStyle,
            AuthenticationRegion = connection.Region,
            MaxErrorRetry = 0,
            Timeout = options.Value.Timeout,
            // Checksums only where S3 requires them: trailing checksums need chunked bodies, which some S3 servers (s3rver) mishandle.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (connection.CaBundle is not null || connection.InsecureSkipTlsVerify)
        {
            config.HttpClientFactory = new TlsHttpClientFactory(connection.CaBundle, connection.InsecureSkipTlsVerify, options.Value.Timeout);
        }
        return new AmazonS3Client(new BasicAWSCredentials(connection.AccessKey, connection.SecretKey), config);
    }

    /// <summary>Trusts only the given CA bundle (or, when asked, anything); not shared through the SDK's cache, which keys on config only.</summary>
    private sealed class TlsHttpClientFactory(string? caBundle, bool insecure, TimeSpan timeout) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
        {
            var handler = new SocketsHttpHandler { ConnectTimeout = timeout };
            handler.SslOptions.RemoteCertificateValidationCallback = insecure ? (_, _, _, _) => true : Validate;
            return new HttpClient(handler) { Timeout = timeout };
        }

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(caBundle!);
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            return custom.Build(new X509Certificate2(certificate));
        }
    }
}
