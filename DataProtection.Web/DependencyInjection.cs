using DataProtection.Web.Api;
using DataProtection.Web.Components;
using DataProtection.Web.Components.Layout;
using DataProtection.Web.Features.Clusters;
using DataProtection.Web.Features.Identity;
using DataProtection.Web.Features.Jobs;
using DataProtection.Web.Features.Sandbox;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;

namespace DataProtection.Web;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddDataProtectionWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddNavigation();
        services.AddScoped<ClusterContext>();
        builder.AddWebAuthentication();
        services.AddJobsHost();
        services.AddApi();
        services.AddSandboxHost();
        return builder;
    }

    public static WebApplication UseDataProtectionWeb(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        // Our own assets (wwwroot-assets at the repository root), copied beside the binaries; public, like any stylesheet.
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot-assets")),
            RequestPath = "/assets",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz", new() { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapApi();
        app.MapJobsDashboard();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
