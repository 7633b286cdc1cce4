namespace DataProtection.Tests.Infrastructure;

public static class Timeouts
{
    /// <summary>Bounds an awaited operation so a hang fails the test instead of stalling the run.</summary>
    public static Task<T> DefaultTimeout<T>(this Task<T> task, int seconds = 30) => task.WaitAsync(TimeSpan.FromSeconds(seconds));

    public static Task DefaultTimeout(this Task task, int seconds = 30) => task.WaitAsync(TimeSpan.FromSeconds(seconds));
}
