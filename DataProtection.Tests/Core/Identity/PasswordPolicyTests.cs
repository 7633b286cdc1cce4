using DataProtection.Core.Common;
using DataProtection.Core.Identity;

namespace DataProtection.Tests.Core.Identity;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("Password-2024-xyz")]
    [InlineData("my-name-is-alice-ok")]
    public void Validate_WeakPassword_ThrowsNamingField(string password) =>
        Should.Throw<ValidationException>(() => PasswordPolicy.Validate("newPassword", "alice", password, 12)).Field.ShouldBe("newPassword");

    [Fact]
    public void Validate_GoodPassword_Passes() => PasswordPolicy.Validate("newPassword", "alice", "Tangerine-Bicycle-42", 12);
}
