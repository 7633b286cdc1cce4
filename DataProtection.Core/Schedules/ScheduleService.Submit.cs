using System.Text.Json.Nodes;
using DataProtection.Core.Backups;
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
        if (!await ProtectionStateStore.IsProtectedAsync(db, cluster, ct))
        {
            throw new ConflictException($"Data protection is not enabled on {cluster.Name}; enable it first.");
        }
    }

    /// <summary>
    /// Stages the CR (name fixed) in the audit's own transaction, so the audit entry and the promise to create commit together;
    /// <see cref="ResourceSubmitter.EnqueueAsync(ResourceSubmission, CancellationToken)"/> then hands it to the exactly-once job. A name already taken, live or
    /// still pending, is refused here rather than failing later in the job.
    /// </summary>
    private async Task<ResourceSubmission> StageAsync(AppDbContext db, Cluster cluster, string plural, JsonObject resource, string requestedBy, CancellationToken ct)
    {
        var name = (string)resource["metadata"]!["name"]!;
        var kind = (string)resource["kind"]!;
        if (await db.Submissions.AnyAsync(s => s.ClusterId == cluster.Id && s.Kind == kind && s.Name == name && s.State == SubmissionState.Pending, ct))
        {
            throw new ConflictException($"{resource["kind"]} {name} is already being created on {cluster.Name}; nothing more was submitted.");
        }
        var client = await _clients.GetAsync(cluster.Id, ct);
        if (await client.GetAsync($"{VeleroPath}/{plural}/{name}", ct) is not null)
        {
            throw new ConflictException($"{resource["kind"]} {name} already exists on {cluster.Name}; nothing was created.");
        }
        return await _submitter.AddAsync(db, new SubmissionRequest(cluster.Id, cluster.Name, resource, requestedBy), ct);
    }
}
