using DataProtection.Core.Identity;
using DataProtection.Web.Features.Audit;
using DataProtection.Web.Features.Backups;
using DataProtection.Web.Features.Schedules;
using DataProtection.Web.Features.Clusters;
using DataProtection.Web.Features.Identity;
using DataProtection.Web.Features.Inventory;
using DataProtection.Web.Features.Protection;
using DataProtection.Web.Features.Restores;
using DataProtection.Web.Features.StorageLocations;
using DataProtection.Web.Features.Volumes;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

namespace DataProtection.Web.Api;

internal static class ApiExtensions
{
    public static void AddApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Malformed JSON and missing parameters throw, so ProblemExceptionHandler can explain them.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer<BearerSecurityTransformer>());
    }

    /// <summary>The REST API under /api/v1: every feature maps its endpoints next to its pages.</summary>
    public static void MapApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1").RequireAuthorization(Policies.Viewer).DisableAntiforgery();
        v1.MapIdentityApi();
        v1.MapAuditApi();
        v1.MapClustersApi();
        v1.MapInventoryApi();
        v1.MapVolumesApi();
        v1.MapProtectionApi();
        v1.MapStorageLocationsApi();
        v1.MapBackupsApi();
        v1.MapBackupCreateApi();
        v1.MapSchedulesApi();
        v1.MapRestoresApi();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/reference", o => o
            .WithTitle("DataProtection API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
    }
}
