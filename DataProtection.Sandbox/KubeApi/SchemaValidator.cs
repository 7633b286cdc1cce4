using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>
/// Validates a custom resource against its structural openAPIV3Schema and prunes unknown fields in place, as
/// kube-apiserver does. apiVersion, kind and metadata are the server's business and are never pruned here.
/// </summary>
internal static class SchemaValidator
{
    public static List<FieldError> ValidateAndPrune(JsonObject schema, JsonObject obj, List<string>? pruned = null)
    {
        var errors = new List<FieldError>();
        new Walk(errors, pruned ?? []).CheckObject(schema, obj, "", root: true);
        return errors;
    }

    private sealed class Walk(List<FieldError> errors, List<string> pruned)
    {
        public void Check(JsonObject schema, JsonNode? value, string path)
        {
            var type = (string?)schema["type"];
            if (value is null)
            {
                if ((bool?)schema["nullable"] != true && type is not null)
                    errors.Add(FieldError.Invalid(path, null, $"{path} in body must be of type {type}: \"null\""));
                return;
            }
            if ((bool?)schema["x-kubernetes-int-or-string"] == true)
            {
                if (TypeOf(value) is not ("integer" or "string"))
                    errors.Add(FieldError.Invalid(path, value, $"{path} in body must be of type integer-or-string: \"{TypeOf(value)}\""));
                return;
            }
            var actual = TypeOf(value);
            if (type is not null && type != actual && !(type == "number" && actual == "integer"))
            {
                errors.Add(FieldError.Invalid(path, value, $"{path} in body must be of type {type}: \"{actual}\""));
                return;
            }
            if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
                errors.Add(FieldError.NotSupported(path, value, allowed.Select(FieldError.Show)));
            switch (value)
            {
                case JsonObject o:
                    CheckObject(schema, o, path, root: false);
                    break;
                case JsonArray a:
                    CheckArray(schema, a, path);
                    break;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    CheckString(schema, s, value, path);
                    break;
                case JsonValue v when actual is "integer" or "number":
                    CheckNumber(schema, v.GetValue<double>(), value, path);
                    break;
            }
        }

        public void CheckObject(JsonObject schema, JsonObject obj, string path, bool root)
        {
            var properties = schema["properties"] as JsonObject;
            var additional = schema["additionalProperties"];
            var preserve = (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;
            foreach (var key in obj.Select(kv => kv.Key).ToList())
            {
                if (root && key is "apiVersion" or "kind" or "metadata")
                    continue;
                var childPath = path.Length == 0 ? key : $"{path}.{key}";
                if (properties?[key] is JsonObject propertySchema)
                    Check(propertySchema, obj[key], childPath);
                else if (additional is JsonObject additionalSchema)
                    Check(additionalSchema, obj[key], childPath);
                else if (!preserve && !(additional is JsonValue allow && allow.GetValue<bool>()))
                {
                    obj.Remove(key);
                    pruned.Add(childPath);
                }
            }
            if (schema["required"] is JsonArray required)
                foreach (var name in required.Select(r => (string?)r).OfType<string>())
                    if (!obj.ContainsKey(name) && !(root && name is "apiVersion" or "kind" or "metadata"))
                        errors.Add(FieldError.Required(path.Length == 0 ? name : $"{path}.{name}"));
        }

        public void CheckArray(JsonObject schema, JsonArray array, string path)
        {
            if ((long?)schema["maxItems"] is { } max && array.Count > max)
                errors.Add(FieldError.TooMany(path, array.Count, max));
            if ((long?)schema["minItems"] is { } min && array.Count < min)
                errors.Add(FieldError.Invalid(path, JsonValue.Create(array.Count), $"{path} in body should have at least {min} items"));
            if (schema["items"] is JsonObject items)
                for (var i = 0; i < array.Count; i++)
                    Check(items, array[i], $"{path}[{i}]");
        }

        public void CheckString(JsonObject schema, string text, JsonNode value, string path)
        {
            if ((string?)schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern))
                errors.Add(FieldError.Invalid(path, value, $"{path} in body should match '{pattern}'"));
            if ((long?)schema["maxLength"] is { } max && text.Length > max)
                errors.Add(FieldError.Invalid(path, value, $"{path} in body should be at most {max} chars long"));
            if ((long?)schema["minLength"] is { } min && text.Length < min)
                errors.Add(FieldError.Invalid(path, value, $"{path} in body should be at least {min} chars long"));
            if ((string?)schema["format"] is "date-time" && !IsDateTime(text))
                errors.Add(FieldError.Invalid(path, value, $"{path} in body must be of type date-time: \"{text}\""));
        }

        public void CheckNumber(JsonObject schema, double number, JsonNode value, string path)
        {
            if ((double?)schema["minimum"] is { } min && number < min)
                errors.Add(FieldError.Invalid(path, value, $"{path} in body should be greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}"));
            if ((double?)schema["maximum"] is { } max && number > max)
                errors.Add(FieldError.Invalid(path, value, $"{path} in body should be less than or equal to {max.ToString(CultureInfo.InvariantCulture)}"));
        }
    }

    private static bool IsDateTime(string text) =>
        text.Length >= 20 && text[10] is 'T' or 't'
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);

    private static string TypeOf(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number when value.GetValue<double>() is var d && d == Math.Floor(d) && !value.ToJsonString().Contains('.') => "integer",
            JsonValueKind.Number => "number",
            _ => "null",
        },
    };
}
