using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using DataProtection.Core.Protection;
using k8s;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Schedules;

public sealed partial class ScheduleService
{
    public const string CreateAction = "schedule.create";
    public const string UpdateAction = "schedule.update";

    /// <summary>One schedule with its draft (to prefill the edit wizard) and the resourceVersion an update must send back. Viewer.</summary>
    public async Task<ScheduleDetails> GetScheduleAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await ClusterService.FindAsync(db, cluster, cancellationToken);
        var client = await _clients.GetAsync(found.Id, cancellationToken);
        var schedule = await client.GetAsync($"{VeleroPath}/schedules/{name}", cancellationToken) ?? throw Missing(found.Name, name);
        var last = await db.BackupRecords.AsNoTracking().Where(b => b.ClusterId == found.Id && b.Schedule == name)
            .OrderByDescending(b => b.CreatedUtc).FirstOrDefaultAsync(cancellationToken);
        return Details(found.Name, schedule, last);
    }

    /// <summary>
    /// Validates the draft, refuses a name already taken (<see cref="ConflictException"/>) and submits the Schedule exactly once
    /// through the submission job. Returns the schedule's name. Operator, audited as <see cref="CreateAction"/>.
    /// </summary>
    public async Task<string> CreateScheduleAsync(Actor actor, string cluster, ScheduleDraft draft, CancellationToken cancellationToken)
    {
        var staged = await _audit.RunAsync(actor, CreateAction, async scope =>
        {
            ArgumentNullException.ThrowIfNull(draft);
            scope.Target = Target(cluster, draft.Name);
            actor.Require(Roles.Operator);
            draft.Validate();
            var found = await ClusterService.FindAsync(scope.Db, cluster, scope.CancellationToken);
            await RequireProtectedAsync(scope.Db, found, scope.CancellationToken);
            var client = await _clients.GetAsync(found.Id, scope.CancellationToken);
            if (await client.GetAsync($"{VeleroPath}/schedules/{draft.Name}", scope.CancellationToken) is not null)
            {
                throw new ConflictException($"A schedule named {draft.Name} already exists on {found.Name}; choose another name or edit that one.");
            }
            var row = await StageAsync(scope.Db, found, "schedules", ScheduleWriter.Schedule(draft, _namespace), actor.Name, scope.CancellationToken);
            scope.Parameters = new { schedule = draft.Cron, draft.Paused, scope = draft.Template.Describe(), ttl = Backups.GoDuration.Format(draft.Template.Ttl),
                submission = row.SubmissionId };
            return row;
        }, cancellationToken);
        // Not cancellable: the staged row and its audit entry are committed, so the job must be enqueued.
        await _submitter.EnqueueAsync(staged, CancellationToken.None);
        return draft.Name;
    }

    /// <summary>
    /// Replaces the schedule's spec, sending <paramref name="resourceVersion"/> (the one the wizard opened) so a change made on the
    /// cluster in between is refused with <see cref="ConflictException"/> and nothing is saved. Template fields the dashboard does
    /// not edit (hooks, resource policies, …) are kept. Operator, audited as <see cref="UpdateAction"/>.
    /// </summary>
    public Task<ScheduleDetails> UpdateScheduleAsync(Actor actor, string cluster, string name, ScheduleDraft draft, string resourceVersion,
        CancellationToken cancellationToken) =>
        _audit.RunAsync(actor, UpdateAction, async scope =>
        {
            ArgumentNullException.ThrowIfNull(draft);
            scope.Target = Target(cluster, name);
            actor.Require(Roles.Operator);
            if (draft.Name != name)
            {
                throw new ValidationException("name", $"name: a schedule cannot be renamed ('{name}' to '{draft.Name}'); create a new one instead.");
            }
            draft.Validate();
            if (string.IsNullOrWhiteSpace(resourceVersion))
            {
                throw new ValidationException("resourceVersion", "resourceVersion: is required (the one read with the schedule), so no change is overwritten.");
            }
            scope.Parameters = new { schedule = draft.Cron, draft.Paused, scope = draft.Template.Describe(), resourceVersion };
            var found = await ClusterService.FindAsync(scope.Db, cluster, scope.CancellationToken);
            var client = await _clients.GetAsync(found.Id, scope.CancellationToken);
            var current = await client.GetAsync($"{VeleroPath}/schedules/{name}", scope.CancellationToken) ?? throw Missing(found.Name, name);
            if ((string?)current["metadata"]?["resourceVersion"] != resourceVersion)
            {
                throw Changed(found.Name, name);
            }
            try
            {
                var saved = await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(Replacement(current, draft, resourceVersion), "velero.io", "v1",
                    _namespace, "schedules", name, cancellationToken: scope.CancellationToken);
                return Details(found.Name, JsonNode.Parse(KubernetesJson.Serialize(saved))!.AsObject(), null);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // The API server's own check: someone wrote between our read and our write.
                throw Changed(found.Name, name);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                throw Missing(found.Name, name);
            }
        }, cancellationToken);

    private static JsonObject Replacement(JsonObject current, ScheduleDraft draft, string resourceVersion)
    {
        var replacement = current.DeepClone().AsObject();
        replacement.Remove("status");
        replacement["metadata"]!["resourceVersion"] = resourceVersion;
        if (replacement["spec"] is not JsonObject spec)
            replacement["spec"] = spec = [];
        if (spec["template"] is not JsonObject template)
            spec["template"] = template = [];
        foreach (var field in ScheduleTemplateReader.TemplateFields)
            template.Remove(field);
        foreach (var (key, value) in ScheduleWriter.Spec(draft)["template"]!.AsObject())
            template[key] = value?.DeepClone();
        spec["schedule"] = draft.Cron;
        spec["paused"] = draft.Paused;
        return replacement;
    }

    private ScheduleDetails Details(string cluster, JsonObject schedule, Backups.BackupRecord? last) => new(
        ScheduleReader.Summary(cluster, schedule, last),
        ScheduleTemplateReader.Draft(schedule),
        (string?)schedule["metadata"]?["resourceVersion"] ?? "",
        ScheduleWriter.Yaml(Clean(schedule)));

    // What a person would write: no server-managed metadata or status.
    private static JsonObject Clean(JsonObject schedule)
    {
        var copy = schedule.DeepClone().AsObject();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in new[] { "resourceVersion", "uid", "generation", "creationTimestamp", "managedFields" })
                metadata.Remove(field);
        }
        return copy;
    }

    private static ConflictException Changed(string cluster, string name) => new(
        $"The schedule {name} changed on {cluster} since it was opened, so nothing was saved. Reopen it to see the current version and make your edit again.");

    private static NotFoundException Missing(string cluster, string name) =>
        new($"There is no schedule {ClusterService.ForAudit(name)} on {cluster}.");

    private static AuditTarget Target(string cluster, string? name) =>
        new(Cluster: ClusterService.ForAudit(cluster), Kind: "Schedule", Name: ClusterService.ForAudit(name ?? ""));
}
