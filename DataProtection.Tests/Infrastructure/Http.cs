using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;

namespace DataProtection.Tests.Infrastructure;

public static partial class Http
{
    /// <summary>Posts the sign-in form as a browser does: antiforgery token from the page, then the form.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password)
    {
        var page = await client.GetStringAsync("/login");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    public static async Task<HttpClient> SignedInClientAsync(this AppFactory app, string userName, string password)
    {
        var client = app.CreateBrowserClient();
        var response = await client.SignInAsync(userName, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"sign-in as {userName} should succeed");
        return client;
    }

    public static async Task<string> GetSessionTokenAsync(this HttpClient client, string userName, string password)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
    }

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<UserSummary> CreateUserAsync(this AppFactory app, string userName, string role, string password) =>
        app.Service<UserService>().CreateAsync(Actor.System, userName, role, password, CancellationToken.None);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private sealed record TokenBody(string AccessToken, string TokenType, DateTime ExpiresUtc);
}
