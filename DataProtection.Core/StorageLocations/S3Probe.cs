using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.StorageLocations;

/// <summary>
/// Checks a bucket as Velero will use it: reachable, the bucket exists, the keys may list and write under the prefix, and the
/// prefix holds only Velero's top-level folders. The probe object goes under <c>metadata/</c> (allowed, unused since Velero
/// 1.2) and is deleted at once, so nothing is left outside the allowed folders.
/// </summary>
public sealed class S3Probe(S3ClientFactory clients, IOptions<StorageOptions> options, ILogger<S3Probe> logger)
{
    public static readonly IReadOnlySet<string> VeleroFolders = new HashSet<string> { "backups", "restores", "restic", "metadata", "plugins", "kopia" };

    public async Task<StorageValidationResult> ValidateAsync(S3Connection connection, CancellationToken cancellationToken)
    {
        using var s3 = clients.Create(connection);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout * 4);
        try
        {
            var unknown = await ListUnknownFoldersAsync(s3, connection, timeout.Token);
            if (unknown.Count > 0)
            {
                return new StorageValidationResult(false, "prefix",
                    $"Bucket {connection.Bucket} already holds folders Velero does not allow under '{connection.Root}': [{string.Join(", ", unknown)}]. Velero would mark the location Unavailable; choose another prefix.");
            }
            var key = $"{connection.Root}metadata/dataprotection-probe-{Guid.NewGuid():N}";
            var put = new PutObjectRequest { BucketName = connection.Bucket, Key = key, ContentBody = "probe", UseChunkEncoding = false };
            Encrypt(put, connection);
            await s3.PutObjectAsync(put, timeout.Token);
            await s3.DeleteObjectAsync(connection.Bucket, key, timeout.Token);
            return StorageValidationResult.Ok;
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException or OperationCanceledException or IOException or TimeoutException
            && !cancellationToken.IsCancellationRequested)
        {
            var (field, message) = S3Errors.Describe(ex, connection, options.Value.Timeout);
            logger.LogInformation("S3 validation of {Connection} failed: {Reason}", connection.ToString(), message);
            return new StorageValidationResult(false, field, message);
        }
    }

    public static void Encrypt(PutObjectRequest put, S3Connection connection)
    {
        if (connection.Encryption == StorageEncryption.SseS3)
        {
            put.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
        }
        else if (connection.Encryption == StorageEncryption.SseKms)
        {
            put.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
            put.ServerSideEncryptionKeyManagementServiceKeyId = connection.KmsKeyId;
        }
    }

    private static async Task<List<string>> ListUnknownFoldersAsync(IAmazonS3 s3, S3Connection connection, CancellationToken cancellationToken)
    {
        var response = await s3.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = connection.Bucket, Prefix = connection.Root, Delimiter = "/", MaxKeys = 1000,
        }, cancellationToken);
        return (response.CommonPrefixes ?? [])
            .Select(p => p[connection.Root.Length..].TrimEnd('/'))
            .Where(folder => !VeleroFolders.Contains(folder))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
