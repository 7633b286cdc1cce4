using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataProtection.Core.Identity;
using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.StorageLocations;

/// <summary>Viewers read, Admins mutate; validation errors come back as problem details naming the field.</summary>
public sealed class StorageLocationsApiTests(StorageLocationsApiTests.Users users) : IClassFixture<StorageLocationsApiTests.Users>
{
    private const string Password = "Storage-Passw0rd-42";

    public sealed class Users : IAsyncLifetime
    {
        public AppFactory App { get; } = new();

        public async Task InitializeAsync()
        {
            await App.CreateUserAsync("viewer1", Roles.Viewer, Password);
            await App.CreateUserAsync("operator1", Roles.Operator, Password);
            await App.CreateUserAsync("admin2", Roles.Admin, Password);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = users.App.CreateClient();
        return client.WithBearer(await client.GetSessionTokenAsync(user, Password));
    }

    private static readonly object BadBucket = new { name = "loc", endpoint = "http://127.0.0.1:1", bucket = "Not_A_Bucket", accessKey = "a", secretKey = "s" };

    [Theory]
    [InlineData("viewer1")]
    [InlineData("operator1")]
    [InlineData("admin2")]
    public async Task GetStorageLocations_AnyRole_Ok(string user)
    {
        var client = await ClientAsync(user);

        (await client.GetAsync("/api/v1/storage-locations")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/storage-locations/usage/clusters")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("POST", "/api/v1/storage-locations")]
    [InlineData("POST", "/api/v1/storage-locations/validate")]
    [InlineData("PUT", "/api/v1/storage-locations/loc")]
    [InlineData("DELETE", "/api/v1/storage-locations/loc")]
    [InlineData("POST", "/api/v1/storage-locations/loc/assign")]
    [InlineData("DELETE", "/api/v1/storage-locations/loc/assignments/sandbox")]
    [InlineData("GET", "/api/v1/storage-locations/managed-account")]
    [InlineData("PUT", "/api/v1/storage-locations/managed-account")]
    public async Task Mutation_OperatorRole_Forbidden(string method, string path)
    {
        var client = await ClientAsync("operator1");

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(BadBucket) });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PostStorageLocation_AdminBadBucket_ProblemNamesBucketField()
    {
        var client = await ClientAsync("admin2");

        var response = await client.PostAsJsonAsync("/api/v1/storage-locations", BadBucket);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").GetProperty("bucket")[0].GetString().ShouldNotBeNull().ShouldContain("bucket name");
    }

    [Fact]
    public async Task GetStorageLocation_Unknown_NotFound()
    {
        var client = await ClientAsync("viewer1");

        (await client.GetAsync("/api/v1/storage-locations/nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
