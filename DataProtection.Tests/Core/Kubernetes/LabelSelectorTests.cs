using DataProtection.Core.Kubernetes;

namespace DataProtection.Tests.Core.Kubernetes;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Shop = new() { ["app"] = "shop", ["tier"] = "web", ["replicas"] = "3", ["empty"] = "" };

    [Theory]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("app=shop", "app=shop")]
    [InlineData("app==shop", "app==shop")]
    [InlineData("app!=shop", "app!=shop")]
    [InlineData("app", "app")]
    [InlineData("!app", "!app")]
    [InlineData(" tier in (web, api) , app ", "app,tier in (web,api)")]
    [InlineData("tier notin (db)", "tier notin (db)")]
    [InlineData("x in (in)", "x in (in)")]
    [InlineData("x in (notin,in)", "x in (notin,in)")]
    [InlineData("a=", "a=")]
    [InlineData("a=,b", "a=,b")]
    [InlineData("a in ()", "a in ()")]
    [InlineData("a in (x,,y)", "a in (x,,y)")]
    [InlineData("replicas>2", "replicas>2")]
    [InlineData("replicas<-5", "replicas<-5")]
    [InlineData("example.com/team=payments", "example.com/team=payments")]
    [InlineData("app.kubernetes.io/name=A_b.c-d", "app.kubernetes.io/name=A_b.c-d")]
    [InlineData("b=1,a=2", "a=2,b=1")]
    public void Parse_ValidForms_CanonicalFormSortedByKey(string text, string canonical) =>
        LabelSelector.Parse(text).ToString().ShouldBe(canonical);

    [Theory]
    [InlineData("a in (x,,y)", 3)]
    [InlineData("a in ()", 1)]
    public void Parse_EmptyValuesInSet_AreKeptAsEmptyStrings(string text, int count)
    {
        var values = LabelSelector.Parse(text).Requirements.ShouldHaveSingleItem().Values;

        values.Count.ShouldBe(count);
        values.ShouldContain("");
    }

    [Theory]
    [InlineData("app=shop)", 9, "expected ',' or end of string, found ')'")]
    [InlineData("app=shop,", 10, "expected a label key, found end of string")]
    [InlineData("app shop", 5, "expected one of 'in', 'notin'")]
    [InlineData("tier in web", 9, "expected '(' to start the set of values, found 'web'")]
    [InlineData("tier in (web", 13, "expected a value, ',' or ')'")]
    [InlineData("tier in (web api)", 14, "found 'api'")]
    [InlineData("replicas>abc", 10, "'>' and '<' need one integer value, found 'abc'")]
    [InlineData("replicas>", 10, "'>' and '<' need one integer value, found end of string")]
    [InlineData("replicas>99999999999999999999", 10, "need one integer value")]
    [InlineData("=shop", 1, "expected a label key, found '='")]
    [InlineData("!!app", 2, "expected a label key, found '!'")]
    [InlineData("in=x", 1, "expected a label key, found 'in'")]
    [InlineData("a/b/c=x", 1, "one '/'")]
    [InlineData("/b=x", 1, "empty prefix")]
    [InlineData("Example.com/b=x", 1, "DNS-1123 subdomain")]
    [InlineData("-app=x", 1, "label key '-app'")]
    [InlineData("app=-shop", 5, "label value '-shop'")]
    [InlineData("app=shop=x", 9, "expected ',' or end of string, found '='")]
    [InlineData("app==", 6, "")]
    public void Parse_InvalidForms_ErrorNamesPositionAndToken(string text, int position, string detail)
    {
        if (text == "app==")
        {
            // An empty value after '==' is valid, as after '='.
            LabelSelector.Parse(text).ToString().ShouldBe("app==");
            return;
        }

        var error = Should.Throw<LabelSelectorException>(() => LabelSelector.Parse(text));

        error.Position.ShouldBe(position);
        error.Message.ShouldStartWith($"labelSelector: at position {position}: ");
        error.Message.ShouldContain(detail);
    }

    [Fact]
    public void Parse_ValueLongerThan63_IsRejected() =>
        Should.Throw<LabelSelectorException>(() => LabelSelector.Parse("a=" + new string('x', 64))).Message.ShouldContain("at most 63");

    [Fact]
    public void Parse_KeyNameOf63AndPrefixOf253_IsAccepted() =>
        LabelSelector.Parse(string.Join('.', Enumerable.Repeat(new string('p', 63), 4))[..253] + "/" + new string('n', 63)).Requirements.Count.ShouldBe(1);

    [Theory]
    [InlineData("app=shop", true)]
    [InlineData("app==shop", true)]
    [InlineData("app=web", false)]
    [InlineData("app!=web", true)]
    [InlineData("missing!=x", true)]
    [InlineData("app!=shop", false)]
    [InlineData("tier in (web,api)", true)]
    [InlineData("missing in (web)", false)]
    [InlineData("tier notin (web)", false)]
    [InlineData("missing notin (web)", true)]
    [InlineData("app", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("replicas>2", true)]
    [InlineData("replicas>3", false)]
    [InlineData("replicas<4", true)]
    [InlineData("app>1", false)]
    [InlineData("missing<10", false)]
    [InlineData("empty=", true)]
    [InlineData("empty in (a,)", true)]
    [InlineData("app=shop,tier=web", true)]
    [InlineData("app=shop,tier=db", false)]
    [InlineData("", true)]
    public void Matches_FollowsKubernetesSemantics(string selector, bool expected) =>
        LabelSelector.Parse(selector).Matches(Shop).ShouldBe(expected);

    [Fact]
    public void TryParse_Invalid_ReturnsMessage()
    {
        LabelSelector.TryParse("a in (b", out _, out var error).ShouldBeFalse();

        error.ShouldBe("labelSelector: at position 8: expected a value, ',' or ')' in the set of values, found end of string");
    }
}
