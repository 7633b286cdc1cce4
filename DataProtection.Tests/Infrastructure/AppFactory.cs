using DataProtection.Core.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DataProtection.Tests.Infrastructure;

/// <summary>The real web app on a fresh data directory (real SQLite files, real Hangfire storage), one per test class or test.</summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Correct-Horse-7-Battery";

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDirectory;

    public AppFactory(IDictionary<string, string?>? settings = null, bool bootstrapPassword = true, string? dataDirectory = null)
    {
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "dp-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (bootstrapPassword && !_settings.ContainsKey("Bootstrap:AdminPassword"))
        {
            _settings["Bootstrap:AdminPassword"] = AdminPassword;
        }
    }

    public string DataDirectory { get; }

    public LogCapture Logs { get; } = new();

    public CapturingAnnouncer Announcer { get; } = new();

    /// <summary>Starts at the real time; tests move it forward to expire tokens and lockouts.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Data:Directory", DataDirectory);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        // Only the capture: it keeps every line for the secret searches, and the test output stays readable.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IBootstrapAnnouncer>(Announcer);
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    public HttpClient CreateBrowserClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (!_ownsDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background thread; the temp folder is cleaned by the OS.
        }
    }
}

public sealed class CapturingAnnouncer : IBootstrapAnnouncer
{
    public List<(string UserName, string Password)> Announced { get; } = [];

    public void AnnounceGeneratedPassword(string userName, string password)
    {
        lock (Announced)
        {
            Announced.Add((userName, password));
        }
    }
}
