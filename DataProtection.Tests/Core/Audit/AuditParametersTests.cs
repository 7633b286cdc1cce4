using DataProtection.Core.Audit;

namespace DataProtection.Tests.Core.Audit;

public sealed class AuditParametersTests
{
    [Fact]
    public void Serialize_SecretLookingMembers_AreMasked()
    {
        var json = AuditParameters.Serialize(new { name = "ci", secretKey = "AKIA-canary", nested = new { password = "p-canary", bucket = "b" } });

        json.ShouldNotBeNull();
        json.ShouldNotContain("canary");
        json.ShouldContain("\"bucket\":\"b\"");
        json.ShouldContain("\"name\":\"ci\"");
    }
}
