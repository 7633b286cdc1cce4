using DataProtection.Core;
using DataProtection.Core.Data;
using DataProtection.Web;

var builder = WebApplication.CreateBuilder(args);
builder.UseRootAppSettings();
// Serve package assets (MudBlazor, blazor.web.js) from a build output in every environment, not only Development.
builder.WebHost.UseStaticWebAssets();
builder.AddDataProtectionCore();
builder.AddDataProtectionWeb();

var app = builder.Build();
await app.InitialiseDatabaseAsync();
app.UseDataProtectionWeb();
await app.RunAsync();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
