using k8s;
using k8s.Models;

namespace DataProtection.Tests.Sandbox;

public sealed class SecretStringDataTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task CreateSecret_WithStringData_StoresItBase64EncodedInData()
    {
        var client = sandbox.Client();
        await client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "creds" }, StringData = new Dictionary<string, string> { ["cloud"] = "[default]\nx=y" } }, "default");

        var secret = await client.CoreV1.ReadNamespacedSecretAsync("creds", "default");

        System.Text.Encoding.UTF8.GetString(secret.Data["cloud"]).ShouldBe("[default]\nx=y");
        secret.StringData.ShouldBeNull();
    }
}
