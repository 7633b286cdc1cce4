using System.Text.Json.Nodes;
using DataProtection.Sandbox.KubeApi;

namespace DataProtection.Tests.Sandbox;

public sealed class LabelSelectorTests
{
    private static readonly JsonObject Labels = new() { ["app"] = "shop", ["tier"] = "db", ["replicas"] = "3", ["empty"] = "" };

    [Theory]
    [InlineData("app=shop", true)]
    [InlineData("app==shop", true)]
    [InlineData("app!=shop", false)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (shop,pay)", true)]
    [InlineData("app in (pay)", false)]
    [InlineData("app notin (pay)", true)]
    [InlineData("missing notin (pay)", true)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("!missing", true)]
    [InlineData("replicas>2", true)]
    [InlineData("replicas<3", false)]
    [InlineData("app>2", false)]
    [InlineData("empty=", true)]
    [InlineData("empty in ()", true)]
    [InlineData("app=shop,tier in (db, cache),!missing", true)]
    [InlineData("app=shop,tier=web", false)]
    [InlineData("  app = shop  ", true)]
    [InlineData("", true)]
    public void Matches_Selector_AsKubernetesDoes(string selector, bool expected) =>
        LabelSelector.Parse(selector).Matches(Labels).ShouldBe(expected);

    [Fact]
    public void Parse_InKeywordAsValue_IsAValue() =>
        LabelSelector.Parse("x in (in)").Matches(new JsonObject { ["x"] = "in" }).ShouldBeTrue();

    [Fact]
    public void Parse_Requirements_AreSortedByKey() =>
        LabelSelector.Parse("b=1,a=2").Requirements.Select(r => r.Key).ShouldBe(["a", "b"]);

    [Theory]
    [InlineData("app in (a", "found '', expected: ',', ')' or identifier")]
    [InlineData("app=a b", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("app in a", "found 'a', expected: '('")]
    [InlineData("=a", "found '=', expected: !, identifier, or 'end of string'")]
    [InlineData("app=a,", "found '', expected: identifier after ','")]
    [InlineData("app>x", "the value must be an integer")]
    [InlineData("bad key!=x", "found 'key', expected:")]
    [InlineData("app=-bad-", "Invalid value: \"-bad-\"")]
    [InlineData("Bad_/x=1", "prefix part")]
    public void Parse_Invalid_ThrowsNamingTheProblem(string selector, string message) =>
        Should.Throw<FormatException>(() => LabelSelector.Parse(selector)).Message.ShouldContain(message);
}
