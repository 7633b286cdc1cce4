using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>An API error that becomes a Kubernetes Status response.</summary>
internal sealed class KubeApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => Status.Failure(Code, Reason, Message, Details);

    public static KubeApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedPlural} \"{name}\" not found", Status.Details(type, name));

    public static KubeApiException NamespaceNotFound(string ns) =>
        new(404, "NotFound", $"namespaces \"{ns}\" not found", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });

    public static KubeApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedPlural} \"{name}\" already exists", Status.Details(type, name));

    public static KubeApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedPlural} \"{name}\": the object has been modified; " +
            "please apply your changes to the latest version and try again", Status.Details(type, name));

    public static KubeApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeApiException Expired(string message) => new(410, "Expired", message);

    public static KubeApiException UnsupportedMediaType(string message) => new(415, "UnsupportedMediaType", message);

    public static KubeApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static KubeApiException ResourceNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static KubeApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var text = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors)}]";
        var kind = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = type.Group,
            ["kind"] = type.Kind,
            ["causes"] = new JsonArray(errors.Select(e => (JsonNode)e.ToCause()).ToArray()),
        };
        return new KubeApiException(422, "Invalid", $"{kind} \"{name}\" is invalid: {text}", details);
    }
}
