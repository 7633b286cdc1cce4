using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>How the tests reach an S3 endpoint: the real AWSSDK.S3 client, configured as the dashboard will configure it.</summary>
public static class S3TestClients
{
    public static AmazonS3Client Create(Uri endpoint, string accessKey, string secretKey, string region = "us-east-1",
        RequestChecksumCalculation checksums = RequestChecksumCalculation.WHEN_SUPPORTED) =>
        new(new BasicAWSCredentials(accessKey, secretKey), new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = region,
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(30),
            RequestChecksumCalculation = checksums,
        });

    public static string UniqueBucket(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 13)];

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Md5ETag(byte[] data) => $"\"{Convert.ToHexStringLower(MD5.HashData(data))}\"";

    /// <summary>S3's multipart ETag, computed here independently of the server's code.</summary>
    public static string MultipartETag(params byte[][] parts) =>
        $"\"{Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(MD5.HashData).ToArray()))}-{parts.Length}\"";

    public static async Task<byte[]> ReadAllAsync(this GetObjectResponse response)
    {
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public static async Task<byte[]> GetBytesAsync(this IAmazonS3 s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        return await response.ReadAllAsync();
    }

    public static Task<PutObjectResponse> PutBytesAsync(this IAmazonS3 s3, string bucket, string key, byte[] data, bool chunkEncoding = true,
        string contentType = "application/octet-stream") =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(data),
            ContentType = contentType,
            UseChunkEncoding = chunkEncoding,
        });
}
