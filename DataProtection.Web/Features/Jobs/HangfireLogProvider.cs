using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace DataProtection.Web.Features.Jobs;

/// <summary>
/// Hangfire keeps its log provider in a static, and its classes create their loggers in static initialisers. When a host
/// is disposed while another runs in the same process (the integration tests), a logger created then would come from a
/// disposed factory and poison that Hangfire type for good. This provider hands out a silent logger instead.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
