using System.Security.Claims;
using DataProtection.Core.Identity;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Tests.Core.Identity;

public sealed class RolesTests
{
    [Theory]
    [InlineData(new[] { "Viewer" }, "Viewer")]
    [InlineData(new[] { "DataProtection.Operator", "Viewer" }, "Operator")]
    [InlineData(new[] { "viewer", "ADMIN" }, "Admin")]
    [InlineData(new[] { "Contributor" }, null)]
    [InlineData(new string[0], null)]
    public void FromEntraAppRoles_HighestKnownRoleWins(string[] appRoles, string? expected) =>
        Roles.FromEntraAppRoles(appRoles).ShouldBe(expected);

    [Fact]
    public void EntraRoleMapping_ReplacesRoleClaimsWithExactlyOneOfOurs()
    {
        var identity = new ClaimsIdentity([new Claim("roles", "DataProtection.Operator"), new Claim(ClaimTypes.Role, "Directory.Reader")], "oidc");

        EntraRoleMapping.Apply(identity);

        identity.FindAll(ClaimTypes.Role).ShouldHaveSingleItem().Value.ShouldBe("Operator");
        identity.FindFirst(ClaimNames.AuthMethod)!.Value.ShouldBe(ClaimNames.Entra);
    }

    [Theory]
    [InlineData("Admin", "Viewer", true)]
    [InlineData("Operator", "Admin", false)]
    [InlineData("Viewer", "Viewer", true)]
    [InlineData("", "Viewer", false)]
    public void Satisfies_RoleOrder(string held, string required, bool expected) => Roles.Satisfies(held, required).ShouldBe(expected);
}
