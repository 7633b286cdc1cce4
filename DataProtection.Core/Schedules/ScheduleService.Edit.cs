using DataProtection.Core.Common;

namespace DataProtection.Core.Schedules;

public sealed partial class ScheduleService
{
    public const string CreateAction = "schedule.create";
    public const string UpdateAction = "schedule.update";

    /// <summary>One schedule with its draft (to prefill the edit wizard) and the resourceVersion an update must send back. Viewer.</summary>
    public Task<ScheduleDetails> GetScheduleAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>
    /// Validates the draft, refuses a name already taken (<see cref="Common.ConflictException"/>) and submits the Schedule exactly once
    /// through the submission job. Returns the schedule's name. Operator, audited as <see cref="CreateAction"/>.
    /// </summary>
    public Task<string> CreateScheduleAsync(Actor actor, string cluster, ScheduleDraft draft, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>
    /// Replaces the schedule's spec, sending <paramref name="resourceVersion"/> (the one the wizard opened) so a change made on the
    /// cluster in between is refused with <see cref="Common.ConflictException"/> and nothing is saved. Operator, audited as <see cref="UpdateAction"/>.
    /// </summary>
    public Task<ScheduleDetails> UpdateScheduleAsync(Actor actor, string cluster, string name, ScheduleDraft draft, string resourceVersion,
        CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
