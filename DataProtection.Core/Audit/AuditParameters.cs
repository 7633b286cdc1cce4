using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataProtection.Core.Audit;

internal static class AuditParameters
{
    private static readonly string[] SecretWords = ["password", "secret", "token", "key", "kubeconfig", "credential"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes parameters with any secret-looking member masked: a last line of defence, callers never pass secrets.</summary>
    public static string? Serialize(object? parameters)
    {
        if (parameters is null)
        {
            return null;
        }

        var node = JsonSerializer.SerializeToNode(parameters, Json);
        Mask(node);
        return node?.ToJsonString();
    }

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)) && value is not null)
                    {
                        obj[name] = "***";
                    }
                    else
                    {
                        Mask(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Mask(item);
                }
                break;
        }
    }
}
