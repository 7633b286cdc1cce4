namespace DataProtection.Core.Protection;

/// <summary>The steps of one run, reported as a whole list after every change so a page can redraw it as it goes.</summary>
internal sealed class StepTracker(IEnumerable<string> names, IProgress<IReadOnlyList<ProtectionStep>>? progress)
{
    private readonly List<ProtectionStep> _steps = [.. names.Select(n => new ProtectionStep(n, StepState.Pending))];

    public IReadOnlyList<ProtectionStep> Snapshot => [.. _steps];

    /// <summary>Runs one step; its result is the detail shown beside it. A throw marks it Failed and propagates.</summary>
    public async Task RunAsync(string name, Func<Task<string?>> work)
    {
        Set(name, StepState.Running, null);
        try
        {
            Set(name, StepState.Done, await work());
        }
        catch (Exception ex)
        {
            Set(name, StepState.Failed, ex is OperationCanceledException ? "Cancelled." : ex.Message);
            throw;
        }
    }

    public void Skip(string name, string detail) => Set(name, StepState.Skipped, detail);

    public ProtectionRun Succeeded() => new(true, Snapshot, null);

    public ProtectionRun Failed(Exception ex)
    {
        var failed = _steps.FirstOrDefault(s => s.State == StepState.Failed)?.Name ?? "(before the first step)";
        var remaining = _steps.Where(s => s.State is StepState.Pending or StepState.Failed).Select(s => s.Name).ToList();
        var done = _steps.Where(s => s.State == StepState.Done).Select(s => s.Name).ToList();
        var message = $"Failed at \"{failed}\": {(ex is OperationCanceledException ? "cancelled or timed out" : ex.Message.TrimEnd('.'))}. "
            + $"Completed: {(done.Count == 0 ? "nothing" : string.Join(", ", done))}. Remaining: {string.Join(", ", remaining)}. Run it again to finish.";
        return new ProtectionRun(false, Snapshot, message);
    }

    private void Set(string name, StepState state, string? detail)
    {
        var index = _steps.FindIndex(s => s.Name == name);
        _steps[index] = new ProtectionStep(name, state, detail);
        progress?.Report(Snapshot);
    }
}
