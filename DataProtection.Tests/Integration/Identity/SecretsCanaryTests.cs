using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataProtection.Core.Secrets;
using DataProtection.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DataProtection.Tests.Integration.Identity;

public sealed class SecretsCanaryTests
{
    private const string Canary = "Canary-7f3a9c-Secret";

    [Fact]
    public async Task Secrets_AfterUse_AreNotInAnyDataFileOrLog()
    {
        using var app = new AppFactory(new Dictionary<string, string?> { ["Bootstrap:AdminPassword"] = Canary });
        var client = app.CreateBrowserClient();
        await client.SignInAsync("admin", Canary + "-wrong");
        await client.SignInAsync("admin", Canary);
        client.WithBearer(await client.GetSessionTokenAsync("admin", Canary));
        var created = await (await client.PostAsJsonAsync("/api/v1/tokens", new { name = "canary", expiresInDays = 3 })).Content.ReadFromJsonAsync<JsonElement>();
        var personalToken = created.GetProperty("token").GetString()!;
        await app.CreateBrowserClient().WithBearer(personalToken).GetAsync("/api/v1/audit");
        var protector = app.Service<ISecretProtector>();
        var stored = protector.Protect("kubeconfig", "kubeconfig-" + Canary);

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(app.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var text = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            text.ShouldNotContain(Canary, customMessage: file);
            text.ShouldNotContain(personalToken, customMessage: file);
        }
        app.Logs.All.ShouldNotContain(Canary);
        app.Logs.All.ShouldNotContain(personalToken);
        stored.ShouldNotContain(Canary);
        protector.Unprotect("kubeconfig", stored).ShouldBe("kubeconfig-" + Canary);
    }

    [Fact]
    public void Unprotect_WithOtherPurpose_FailsWithClearMessage()
    {
        using var app = new AppFactory();
        var protector = app.Service<ISecretProtector>();
        var stored = protector.Protect("s3-secret-key", "value");

        var error = Should.Throw<DataProtection.Core.Common.ValidationException>(() => protector.Unprotect("kubeconfig", stored));

        error.Message.ShouldContain("could not be decrypted");
    }
}
