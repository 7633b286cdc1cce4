using System.Net.Sockets;
using System.Security.Authentication;
using Amazon.S3;

namespace DataProtection.Core.StorageLocations;

/// <summary>Turns S3 and transport failures into a plain sentence and the form field to fix.</summary>
public static class S3Errors
{
    public static (string Field, string Message) Describe(Exception exception, S3Connection connection, TimeSpan timeout)
    {
        var endpoint = connection.Endpoint.ToString().TrimEnd('/');
        if (exception is AmazonS3Exception s3 && !string.IsNullOrEmpty(s3.ErrorCode))
        {
            return s3.ErrorCode switch
            {
                "InvalidAccessKeyId" => ("accessKey", $"{endpoint} does not know this access key (InvalidAccessKeyId): the key is wrong or was deleted."),
                "SignatureDoesNotMatch" => ("secretKey", $"{endpoint} rejected the signature (SignatureDoesNotMatch): the secret key is wrong."),
                "NoSuchBucket" => ("bucket", $"There is no bucket named {connection.Bucket} at {endpoint} (NoSuchBucket)."),
                "AccessDenied" => ("accessKey", $"The credentials are valid but may not list and write under '{connection.Root}' in bucket {connection.Bucket} (AccessDenied)."),
                "AuthorizationHeaderMalformed" or "InvalidRegion" or "IllegalLocationConstraintException" =>
                    ("region", $"{endpoint} expects another region than {connection.Region} ({s3.ErrorCode}): {s3.Message}"),
                "KMS.NotFoundException" or "KMS.DisabledException" or "InvalidArgument" when connection.Encryption == StorageEncryption.SseKms =>
                    ("kmsKeyId", $"The KMS key could not be used ({s3.ErrorCode}): {s3.Message}"),
                _ => ("endpoint", $"{endpoint} answered {s3.ErrorCode}: {s3.Message}"),
            };
        }
        if (exception is OperationCanceledException or TimeoutException)
        {
            return ("endpoint", $"{endpoint} did not answer within {timeout.TotalSeconds:0} s (timeout).");
        }
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AuthenticationException tls:
                    return (connection.CaBundle is null ? "endpoint" : "caBundle",
                        $"TLS with {endpoint} failed: its certificate is not trusted{(connection.CaBundle is null ? "" : " by the CA bundle")}, is expired or does not match the host ({tls.Message}).");
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return ("endpoint", $"{endpoint} is unreachable: connection refused.");
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return ("endpoint", $"{endpoint} is unreachable: the host name could not be resolved (DNS).");
                case SocketException socket:
                    return ("endpoint", $"{endpoint} is unreachable: {socket.Message}");
                case TimeoutException or TaskCanceledException:
                    return ("endpoint", $"{endpoint} did not answer within {timeout.TotalSeconds:0} s (timeout).");
            }
        }
        return ("endpoint", $"{endpoint} could not be used: {exception.Message}");
    }
}
