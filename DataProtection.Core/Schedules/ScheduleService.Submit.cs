using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Schedules;

public sealed partial class ScheduleService
{
    private string VeleroPath => $"apis/velero.io/v1/namespaces/{_namespace}";

    private static async Task RequireProtectedAsync(AppDbContext db, Cluster cluster, CancellationToken ct)
    {
        // A handful of rows: EF cannot translate a filter on the projected record.
        if (!(await ProtectionStateStore.ProtectedClusters(db).ToListAsync(ct)).Any(c => c.Id == cluster.Id))
        {
            throw new ConflictException($"Data protection is not enabled on {cluster.Name}; enable it first.");
        }
    }

    // The name is fixed before the write. Until the shared submission job lands (branch bcreate) this writes directly, and a 409
    // cannot be told apart from another writer's object of that name (e.g. Velero's own run in the same second), so it is refused.
    private async Task SubmitAsync(Cluster cluster, string plural, JsonObject resource, CancellationToken ct)
    {
        var client = await _clients.GetAsync(cluster.Id, ct);
        try
        {
            await client.CreateAsync($"{VeleroPath}/{plural}", resource, ct);
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new ConflictException($"{resource["kind"]} {resource["metadata"]?["name"]} already exists on {cluster.Name}; nothing was created. Try again.");
        }
    }
}
