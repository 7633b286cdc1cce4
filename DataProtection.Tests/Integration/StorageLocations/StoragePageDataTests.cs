using DataProtection.Core.StorageLocations;
using DataProtection.Tests.Infrastructure;
using static DataProtection.Tests.Integration.StorageLocations.S3ValidationFixture;

namespace DataProtection.Tests.Integration.StorageLocations;

public sealed class StoragePageDataTests(S3ValidationFixture s3) : IClassFixture<S3ValidationFixture>
{
    [Fact]
    public async Task StoragePage_WithLocation_RowShowsBucketPrefixAndNoKeys()
    {
        var input = s3.Input(SandboxS3, await s3.NewBucketAsync(SandboxS3));
        var created = await s3.App.Service<StorageLocationService>().CreateLocationAsync(Admin, input, CancellationToken.None).DefaultTimeout();
        var admin = await s3.App.SignedInClientAsync("admin", AppFactory.AdminPassword);

        var html = await admin.GetStringAsync("/storage");

        html.ShouldContain($"data-location=\"{created.Name}\"");
        html.ShouldContain(created.Bucket);
        html.ShouldContain("not counted yet");
        html.ShouldNotContain(input.SecretKey!);
    }
}
