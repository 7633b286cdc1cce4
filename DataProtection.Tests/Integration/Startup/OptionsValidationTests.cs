using DataProtection.Tests.Infrastructure;

namespace DataProtection.Tests.Integration.Startup;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Accounts:LockoutThreshold", "0")]
    [InlineData("Accounts:SessionTokenMinutes", "1")]
    [InlineData("Jobs:WorkerCount", "100")]
    [InlineData("Jobs:VerifyAuditChainCron", "every day")]
    [InlineData("Data:Directory", "")]
    [InlineData("Clusters:TimeoutSeconds", "0")]
    [InlineData("Clusters:HealthCron", "often")]
    [InlineData("Clusters:VeleroNamespace", "Velero_NS")]
    public void Start_BadSetting_FailsNamingTheKey(string key, string value)
    {
        using var app = new AppFactory(new Dictionary<string, string?> { [key] = value });

        var error = Should.Throw<Exception>(() => app.CreateBrowserClient());

        error.ToString().ShouldContain(key);
    }

    [Fact]
    public void Start_EntraWithoutTenantOrSecret_FailsNamingEachKey()
    {
        using var app = new AppFactory(new Dictionary<string, string?> { ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000001" });

        var error = Should.Throw<Exception>(() => app.CreateBrowserClient()).ToString();

        error.ShouldContain("AzureAd:TenantId");
        error.ShouldContain("AzureAd:ClientSecret");
    }

    [Fact]
    public async Task Start_EntraConfigured_LoginPageOffersMicrosoftAndLocalSignInIsOff()
    {
        using var app = new AppFactory(new Dictionary<string, string?>
        {
            ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureAd:TenantId"] = "00000000-0000-0000-0000-000000000002",
            ["AzureAd:ClientSecret"] = "test-secret",
        });
        var client = app.CreateBrowserClient();

        var page = await client.GetStringAsync("/login");
        var token = await client.PostAsync("/api/v1/auth/token", System.Net.Http.Json.JsonContent.Create(new { userName = "admin", password = AppFactory.AdminPassword }));

        page.ShouldContain("Sign in with Microsoft");
        page.ShouldNotContain("Input.Password");
        token.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        (await token.Content.ReadAsStringAsync()).ShouldContain("Local accounts are disabled");
    }
}
