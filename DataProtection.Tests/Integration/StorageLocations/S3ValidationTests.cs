using Amazon.S3.Model;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.StorageLocations;
using DataProtection.Tests.Infrastructure;
using DataProtection.Tests.Sandbox.ObjectStore;
using Microsoft.EntityFrameworkCore;
using static DataProtection.Tests.Integration.StorageLocations.S3ValidationFixture;

namespace DataProtection.Tests.Integration.StorageLocations;

/// <summary>Customer-location validation with AWSSDK.S3 against the sandbox S3 endpoint and s3rver; failures save nothing.</summary>
public sealed class S3ValidationTests(S3ValidationFixture s3) : IClassFixture<S3ValidationFixture>
{
    private StorageLocationService Service => s3.App.Service<StorageLocationService>();

    private async Task<int> CountLocationsAsync()
    {
        await using var db = await s3.App.Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.StorageLocations.CountAsync();
    }

    private async Task<ValidationException> CreateFailsAsync(StorageLocationInput input)
    {
        var before = await CountLocationsAsync();
        var ex = await Should.ThrowAsync<ValidationException>(() => Service.CreateLocationAsync(Admin, input, CancellationToken.None).DefaultTimeout());
        (await CountLocationsAsync()).ShouldBe(before, "nothing is saved when validation fails");
        return ex;
    }

    [Theory]
    [InlineData(SandboxS3)]
    [InlineData(S3rverS3)]
    public async Task ValidateAsync_GoodSettings_SucceedsAndLeavesNothingInTheBucket(string target)
    {
        var bucket = await s3.NewBucketAsync(target);

        var result = await Service.ValidateAsync(Admin, s3.Input(target, bucket), null, CancellationToken.None).DefaultTimeout();

        result.ShouldBe(StorageValidationResult.Ok);
        var listing = await s3.Target(target).Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }).DefaultTimeout();
        (listing.S3Objects ?? []).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(SandboxS3)]
    [InlineData(S3rverS3)]
    public async Task CreateLocationAsync_WrongAccessKey_AccessKeyFieldAndNothingSaved(string target)
    {
        var ex = await CreateFailsAsync(s3.Input(target, await s3.NewBucketAsync(target), accessKey: "NOSUCHKEY"));

        ex.Field.ShouldBe("accessKey");
        ex.Message.ShouldContain("InvalidAccessKeyId");
    }

    [Fact]
    public async Task CreateLocationAsync_WrongSecretKey_SecretKeyField()
    {
        var ex = await CreateFailsAsync(s3.Input(SandboxS3, await s3.NewBucketAsync(SandboxS3), secretKey: "wrong-secret"));

        ex.Field.ShouldBe("secretKey");
        ex.Message.ShouldContain("SignatureDoesNotMatch");
    }

    [Fact]
    public async Task ValidateAsync_WrongSecretKeyOnS3rver_AcceptedBecauseS3rverDoesNotCheckSignatures()
    {
        // s3rver 3.7.1 knows its access key but never verifies the signature; real S3 and the sandbox do (test above).
        var result = await Service.ValidateAsync(Admin, s3.Input(S3rverS3, await s3.NewBucketAsync(S3rverS3), secretKey: "wrong-secret"), null, CancellationToken.None).DefaultTimeout();

        result.Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData(SandboxS3)]
    [InlineData(S3rverS3)]
    public async Task CreateLocationAsync_NoSuchBucket_BucketField(string target)
    {
        var ex = await CreateFailsAsync(s3.Input(target, "no-such-bucket-here"));

        ex.Field.ShouldBe("bucket");
        ex.Message.ShouldContain("NoSuchBucket");
    }

    [Theory]
    [InlineData(SandboxS3)]
    [InlineData(S3rverS3)]
    public async Task CreateLocationAsync_UnknownTopLevelFolderUnderPrefix_PrefixField(string target)
    {
        var bucket = await s3.NewBucketAsync(target);
        await s3.Target(target).Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "cluster-a/dashboard/state.json", ContentBody = "{}", UseChunkEncoding = false }).DefaultTimeout();

        var ex = await CreateFailsAsync(s3.Input(target, bucket));

        ex.Field.ShouldBe("prefix");
        ex.Message.ShouldContain("[dashboard]");
    }

    [Fact]
    public async Task CreateLocationAsync_ConnectionRefused_EndpointField()
    {
        var input = s3.Input(SandboxS3, "some-bucket") with { Endpoint = $"http://127.0.0.1:{Clusters.ClusterRegistrationTests.ClosedPort()}" };

        var ex = await CreateFailsAsync(input);

        ex.Field.ShouldBe("endpoint");
        ex.Message.ShouldContain("connection refused");
    }

    [Fact]
    public async Task CreateLocationAsync_EndpointNeverAnswers_EndpointFieldNamesTimeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var input = s3.Input(SandboxS3, "some-bucket") with { Endpoint = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}" };

        var ex = await CreateFailsAsync(input);

        ex.Field.ShouldBe("endpoint");
        ex.Message.ShouldContain("did not answer within 3 s (timeout)");
    }

    [Fact]
    public async Task CreateLocationAsync_TlsToPlainHttpEndpoint_EndpointFieldNamesTls()
    {
        var input = s3.Input(SandboxS3, await s3.NewBucketAsync(SandboxS3)) with { Endpoint = s3.Target(SandboxS3).Endpoint.ToString().Replace("http://", "https://") };

        var ex = await CreateFailsAsync(input);

        ex.Field.ShouldBe("endpoint");
    }

    public static TheoryData<string, StorageLocationInput> BadInput() => new()
    {
        { "name", new StorageLocationInput("Bad_Name", null, "http://127.0.0.1:1", null, "bucket", null, AccessKey: "a", SecretKey: "s") },
        { "endpoint", new StorageLocationInput("ok", null, "not a url", null, "bucket", null, AccessKey: "a", SecretKey: "s") },
        { "bucket", new StorageLocationInput("ok", null, "http://127.0.0.1:1", null, "Bad_Bucket", null, AccessKey: "a", SecretKey: "s") },
        { "prefix", new StorageLocationInput("ok", null, "http://127.0.0.1:1", null, "bucket", "a b", AccessKey: "a", SecretKey: "s") },
        { "accessKey", new StorageLocationInput("ok", null, "http://127.0.0.1:1", null, "bucket", null, AccessKey: "", SecretKey: "s") },
        { "secretKey", new StorageLocationInput("ok", null, "http://127.0.0.1:1", null, "bucket", null, AccessKey: "a", SecretKey: null) },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task CreateLocationAsync_BadInput_FieldMessageBeforeAnyNetwork(string field, StorageLocationInput input)
    {
        (await CreateFailsAsync(input)).Field.ShouldBe(field);
    }

    [Fact]
    public async Task CreateLocationAsync_Valid_KeysEncryptedInTheRawRow()
    {
        var input = s3.Input(SandboxS3, await s3.NewBucketAsync(SandboxS3));

        var created = await Service.CreateLocationAsync(Admin, input, CancellationToken.None).DefaultTimeout();

        created.Kind.ShouldBe(StorageKind.Customer);
        created.Prefix.ShouldBe("cluster-a");
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(s3.App.Service<DataPaths>().ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ProtectedAccessKey || '|' || ProtectedSecretKey FROM StorageLocations WHERE Name = $name";
        command.Parameters.AddWithValue("$name", created.Name);
        var raw = (string)(await command.ExecuteScalarAsync())!;
        raw.ShouldNotContain(input.AccessKey!);
        raw.ShouldNotContain(input.SecretKey!);
        raw.Length.ShouldBeGreaterThan(100);
    }

    [Fact]
    public async Task ValidateAsync_Viewer_Forbidden()
    {
        var viewer = new Actor("v", DataProtection.Core.Identity.Roles.Viewer, AuditSource.UI);

        await Should.ThrowAsync<ForbiddenException>(() => Service.ValidateAsync(viewer, s3.Input(SandboxS3, "bucket"), null, CancellationToken.None));
    }
}
