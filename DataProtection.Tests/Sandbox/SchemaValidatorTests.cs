using System.Text.Json.Nodes;
using DataProtection.Sandbox.KubeApi;

namespace DataProtection.Tests.Sandbox;

public sealed class SchemaValidatorTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "note":{"type":"string","nullable":true},
          "port":{"x-kubernetes-int-or-string":true},
          "items":{"type":"array","minItems":1,"items":{"type":"integer"}},
          "labels":{"type":"object","additionalProperties":{"type":"string"}},
          "open":{"type":"object","additionalProperties":true},
          "closed":{"type":"object","properties":{"a":{"type":"string"}}},
          "ratio":{"type":"number","minimum":0.5}}}}}
        """)!.AsObject();

    private static (List<FieldError> Errors, List<string> Pruned, JsonObject Object) Validate(string spec)
    {
        var obj = JsonNode.Parse($$"""{"apiVersion":"x/v1","kind":"X","metadata":{"name":"n"},"spec":{{spec}}}""")!.AsObject();
        var pruned = new List<string>();
        return (SchemaValidator.ValidateAndPrune(Schema, obj, pruned), pruned, obj);
    }

    [Theory]
    [InlineData("""{"note":null}""")]
    [InlineData("""{"port":8080}""")]
    [InlineData("""{"port":"http"}""")]
    [InlineData("""{"items":[1,2]}""")]
    [InlineData("""{"labels":{"a":"b"}}""")]
    [InlineData("""{"open":{"anything":[1,{"x":true}]}}""")]
    [InlineData("""{"ratio":1}""")]
    [InlineData("""{"ratio":0.75}""")]
    public void ValidateAndPrune_ValidSpec_HasNoErrors(string spec) =>
        Validate(spec).Errors.ShouldBeEmpty();

    [Theory]
    [InlineData("""{"port":true}""", "spec.port")]
    [InlineData("""{"items":[]}""", "spec.items")]
    [InlineData("""{"items":[1.5]}""", "spec.items[0]")]
    [InlineData("""{"labels":{"a":1}}""", "spec.labels.a")]
    [InlineData("""{"ratio":0.25}""", "spec.ratio")]
    [InlineData("""{"closed":"text"}""", "spec.closed")]
    public void ValidateAndPrune_InvalidSpec_NamesTheField(string spec, string field) =>
        Validate(spec).Errors.Single().Field.ShouldBe(field);

    [Fact]
    public void ValidateAndPrune_UnknownFields_ArePrunedAndReported()
    {
        var (errors, pruned, obj) = Validate("""{"closed":{"a":"x","b":"y"},"extra":1}""");

        errors.ShouldBeEmpty();
        pruned.ShouldBe(["spec.closed.b", "spec.extra"]);
        obj["spec"]!.ToJsonString().ShouldBe("""{"closed":{"a":"x"}}""");
        obj["metadata"]!["name"]!.GetValue<string>().ShouldBe("n");
    }
}
