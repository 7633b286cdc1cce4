using Microsoft.Extensions.Logging;

namespace DataProtection.Sandbox.Velero;

/// <summary>
/// The Velero server of one sandbox cluster. It waits until Velero is installed (CRDs and the <c>velero</c> Deployment), then
/// runs its controllers against the cluster's API over HTTPS and against the locations' buckets over S3.
/// </summary>
internal sealed class VeleroController : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly KubeClient _kube;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly VeleroOptions _options;
    private readonly ILogger _logger;
    private readonly Task _run;

    public VeleroController(SandboxCluster cluster, VeleroOptions options, ILoggerFactory loggers)
    {
        _kube = new KubeClient(cluster.Server, cluster.Token, cluster.CertificateAuthorityPem);
        _options = options;
        _logger = loggers.CreateLogger($"{typeof(VeleroController).FullName}[{cluster.Name}]");
        _run = RunAsync(_stop.Token);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!await IsInstalledAsync(ct))
                await Task.Delay(_options.InstallCheckInterval, _options.Time, ct);
            _logger.LogInformation("Velero found in namespace {Namespace}; starting controllers", _options.Namespace);
            await Task.WhenAll(
                new StorageLocationValidator(_kube, _http, _options, _logger).RunAsync(ct),
                new BackupController(_kube, _http, _options, _logger).RunAsync(ct),
                new RestoreController(_kube, _http, _options, _logger).RunAsync(ct),
                new DeleteBackupRequestController(_kube, _http, _options, _logger).RunAsync(ct),
                new DownloadRequestController(_kube, _http, _options, _logger).RunAsync(ct),
                new ServerStatusRequestController(_kube, _options, _logger).RunAsync(ct),
                new GarbageCollector(_kube, _options, _logger).RunAsync(ct),
                new BackupSyncController(_kube, _http, _options, _logger).RunAsync(ct),
                new ScheduleController(_kube, _options, _logger).RunAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The Velero controller stopped");
        }
    }

    private async Task<bool> IsInstalledAsync(CancellationToken ct)
    {
        try
        {
            return await _kube.GetAsync("apis/apiextensions.k8s.io/v1/customresourcedefinitions/backupstoragelocations.velero.io", ct) is not null
                && await _kube.GetAsync("apis/apiextensions.k8s.io/v1/customresourcedefinitions/backups.velero.io", ct) is not null
                && await _kube.GetAsync($"apis/apps/v1/namespaces/{_options.Namespace}/deployments/velero", ct) is not null;
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning(e, "Checking for a Velero installation failed");
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        _kube.Dispose();
        _http.Dispose();
    }
}
