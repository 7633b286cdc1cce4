using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>One validation failure, worded like kube-apiserver's field errors.</summary>
internal sealed record FieldError(string Field, string Reason, string Detail)
{
    public static FieldError Invalid(string field, JsonNode? value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {Show(value)}: {detail}");

    public static FieldError Required(string field) => new(field, "FieldValueRequired", "Required value");

    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> allowed) =>
        new(field, "FieldValueNotSupported", $"Unsupported value: {Show(value)}: supported values: {string.Join(", ", allowed)}");

    public static FieldError TooMany(string field, int count, long max) =>
        new(field, "FieldValueTooMany", $"Too many: {count}: must have at most {max} items");

    public JsonObject ToCause() => new() { ["reason"] = Reason, ["message"] = Detail, ["field"] = Field };

    public override string ToString() => $"{Field}: {Detail}";

    public static string Show(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => $"\"{s}\"",
        JsonObject => "\"object\"",
        JsonArray => "\"array\"",
        _ => value.ToJsonString(),
    };
}
