using System.Security.Claims;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Web.Features.Identity;

namespace DataProtection.Web.Features.Clusters;

/// <summary>Credentials as sent by API clients: a kubeconfig (+ context), or server + token + CA (PEM).</summary>
public sealed record ClusterCredentialsBody(string? Kubeconfig, string? Context, string? Server, string? Token, string? CertificateAuthority)
{
    public ClusterCredentials ToCredentials() => new(Kubeconfig, Context, Server, Token, CertificateAuthority);
}

public sealed record RegisterClusterBody(string? Name, string? Description, string? Kubeconfig, string? Context, string? Server, string? Token, string? CertificateAuthority);

public sealed record UpdateClusterBody(string? Description, bool? Enabled, ClusterCredentialsBody? Credentials);

public sealed record KubeconfigBody(string? Kubeconfig);

internal static class ClustersApi
{
    public static void MapClustersApi(this RouteGroupBuilder v1)
    {
        var clusters = v1.MapGroup("/clusters").WithTags("Clusters");
        clusters.MapGet("", (ClaimsPrincipal user, ClusterService service, CancellationToken ct) =>
            service.ListClustersAsync(user.ToActor(AuditSource.API), ct)).WithSummary("List registered clusters with their last health");
        clusters.MapGet("/{cluster}", (string cluster, ClaimsPrincipal user, ClusterService service, CancellationToken ct) =>
            service.GetClusterAsync(user.ToActor(AuditSource.API), cluster, ct));
        clusters.MapPost("/{cluster}/refresh", (string cluster, ClaimsPrincipal user, ClusterHealthService health, CancellationToken ct) =>
            health.RefreshClusterHealthAsync(user.ToActor(AuditSource.API), cluster, ct)).WithSummary("Check the cluster now and store the result");

        var admin = clusters.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("", async (RegisterClusterBody body, ClaimsPrincipal user, ClusterService service, CancellationToken ct) =>
        {
            var credentials = new ClusterCredentials(body.Kubeconfig, body.Context, body.Server, body.Token, body.CertificateAuthority);
            var created = await service.RegisterClusterAsync(user.ToActor(AuditSource.API), new RegisterClusterRequest(body.Name, body.Description, credentials), ct);
            return Results.Created($"/api/v1/clusters/{created.Name}", created);
        }).WithSummary("Register a cluster; the connection is tested first and nothing is saved if it fails");
        admin.MapPost("/test-connection", (ClusterCredentialsBody body, ClaimsPrincipal user, ClusterService service, CancellationToken ct) =>
            service.TestConnectionAsync(user.ToActor(AuditSource.API), body.ToCredentials(), ct)).WithSummary("Test credentials without saving them");
        admin.MapPost("/contexts", (KubeconfigBody body, ClusterService service) => service.ListContexts(body.Kubeconfig))
            .WithSummary("List the contexts of a kubeconfig");
        admin.MapPatch("/{cluster}", async (string cluster, UpdateClusterBody body, ClaimsPrincipal user, ClusterService service, CancellationToken ct) =>
        {
            var actor = user.ToActor(AuditSource.API);
            var result = body.Description is not null || body.Credentials is not null
                ? await service.UpdateClusterAsync(actor, cluster, new ClusterChanges(body.Description, body.Credentials?.ToCredentials()), ct)
                : null;
            if (body.Enabled is { } enabled)
            {
                result = await service.SetEnabledAsync(actor, cluster, enabled, ct);
            }
            return result ?? await service.GetClusterAsync(actor, cluster, ct);
        }).WithSummary("Change the description or credentials, or enable/disable");
        admin.MapDelete("/{cluster}", async (string cluster, ClaimsPrincipal user, ClusterService service, CancellationToken ct) =>
        {
            await service.RemoveClusterAsync(user.ToActor(AuditSource.API), cluster, ct);
            return Results.NoContent();
        }).WithSummary("Remove a cluster from the dashboard (nothing in the cluster is changed)");
    }
}
