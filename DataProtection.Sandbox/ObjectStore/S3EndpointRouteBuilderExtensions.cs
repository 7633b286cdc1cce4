using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.ObjectStore;

public static class S3EndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves S3 from another app's routing as a catch-all, so more specific routes (e.g. <c>/healthz</c>) still win. S3 keys come from the
    /// raw request target, so map it at the root of a port or host (e.g. <c>.RequireHost("*:9000")</c>), never under a path prefix.
    /// </summary>
    public static IEndpointConventionBuilder MapS3(this IEndpointRouteBuilder endpoints, S3Store store, S3Credentials credentials, TimeProvider? time = null)
    {
        var s3 = new S3Endpoint(store, credentials, time ?? TimeProvider.System, endpoints.ServiceProvider.GetRequiredService<ILogger<S3Endpoint>>());
        return endpoints.Map("/{**s3path}", s3.HandleAsync);
    }
}
