using System.Text;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>An opaque list position: the list's resourceVersion, the last key returned and when the token was issued.</summary>
internal sealed record ContinueToken(long ResourceVersion, string LastKey, DateTimeOffset IssuedAt)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const string ExpiredMessage = "The provided continue parameter is too old to display a consistent list result. " +
        "You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. " +
        "Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        new JsonObject { ["rv"] = ResourceVersion, ["start"] = LastKey, ["at"] = IssuedAt.ToUnixTimeSeconds() }.ToJsonString()));

    /// <summary>Decodes and checks a token; too old or older than the retained history gives 410 Expired.</summary>
    public static ContinueToken Decode(string token, DateTimeOffset now, long historyFloor)
    {
        ContinueToken decoded;
        try
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)))!;
            decoded = new ContinueToken((long)json["rv"]!, (string)json["start"]!, DateTimeOffset.FromUnixTimeSeconds((long)json["at"]!));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            throw KubeApiException.BadRequest("continue key is not valid: " + e.Message);
        }
        if (now - decoded.IssuedAt > Lifetime || decoded.ResourceVersion < historyFloor)
            throw KubeApiException.Expired(ExpiredMessage);
        return decoded;
    }
}
