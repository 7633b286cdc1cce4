using DataProtection.Core.Audit;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Protection;

/// <summary>
/// Enables (installs or adopts Velero), upgrades and disables data protection per cluster (Admin), and reports its status
/// (Viewer). Nothing is written to a cluster until the whole input is valid; a failed run reports what completed and what
/// remains, and running it again finishes it.
/// </summary>
public sealed class ProtectionService
{
    private readonly ProtectionRunner _runner;
    private readonly ProtectionStateStore _store;
    private readonly ProtectionStatusChecker _checker;
    private readonly IReadOnlyList<IProtectionStorage> _storage;
    private readonly IOptions<ClustersOptions> _clusterOptions;
    private readonly IOptions<ProtectionOptions> _options;

    internal ProtectionService(ProtectionRunner runner, ProtectionStateStore store, ProtectionStatusChecker checker,
        IEnumerable<IProtectionStorage> storage, IOptions<ClustersOptions> clusterOptions, IOptions<ProtectionOptions> options)
    {
        (_runner, _store, _checker, _storage, _clusterOptions, _options) = (runner, store, checker, [.. storage], clusterOptions, options);
    }

    private string Namespace => _clusterOptions.Value.VeleroNamespace;

    public Task<ProtectionSummary> GetStatusAsync(Actor actor, string cluster, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        return _store.ReadAsync(cluster, cancellationToken);
    }

    /// <summary>Asks the cluster now (a ServerStatusRequest, bounded by <c>Protection:StatusTimeoutSeconds</c>) and stores the answer.</summary>
    public Task<ProtectionSummary> RefreshStatusAsync(Actor actor, string cluster, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        return _checker.CheckAsync(cluster, cancellationToken);
    }

    public Task<ProtectionRun> EnableAsync(Actor actor, string cluster, EnableProtectionRequest request,
        IProgress<IReadOnlyList<ProtectionStep>>? progress, CancellationToken cancellationToken) =>
        _runner.RunAsync(actor, cluster, AuditActions.ProtectionEnable, VeleroInstaller.Steps, async (scope, state, client) =>
        {
            var version = VeleroVersions.Validate(request.Version);
            var registry = VeleroVersions.ValidateRegistry(request.ImageRegistry);
            var existing = await new VeleroProbe(client, Namespace, _options.Value.PollInterval).GetDeploymentAsync(scope.CancellationToken);
            var adopted = existing is not null && !VeleroProbe.IsOurs(existing);
            scope.Parameters = new { version, imageRegistry = registry, adopted };
            state.Adopted = adopted;
            state.InstalledVersion = adopted ? VeleroVersions.TagOf(VeleroProbe.ImageOf(existing!)) : version;
            state.ImageRegistry = adopted ? null : registry;
            // An adopted install keeps its own locations, so it needs no storage provider.
            var installer = new VeleroInstaller(client, new VeleroManifest(Namespace, version, registry), adopted ? null : Storage(), _options.Value);
            return adopted
                ? async (steps, ct) => { await installer.AdoptAsync(steps, ct); return installer; }
                : async (steps, ct) => { await installer.InstallAsync(actor, cluster, steps, ct); return installer; };
        }, RecordInstall, progress, cancellationToken);

    /// <summary>Changes the Velero, node-agent and plugin images to <paramref name="request"/>'s version and re-applies the CRDs.</summary>
    public Task<ProtectionRun> UpgradeAsync(Actor actor, string cluster, EnableProtectionRequest request,
        IProgress<IReadOnlyList<ProtectionStep>>? progress, CancellationToken cancellationToken) =>
        _runner.RunAsync(actor, cluster, AuditActions.ProtectionUpgrade, VeleroInstaller.Steps, (scope, state, client) =>
        {
            var version = VeleroVersions.Validate(request.Version);
            var registry = request.ImageRegistry is null ? state.ImageRegistry : VeleroVersions.ValidateRegistry(request.ImageRegistry);
            scope.Parameters = new { from = state.InstalledVersion, version, imageRegistry = registry };
            if (state.Adopted)
            {
                throw new ConflictException($"Velero on {cluster} was installed outside the dashboard (adopted); upgrade it the way it was installed.");
            }
            if (state.Status == ProtectionStatus.NotInstalled)
            {
                throw new ConflictException($"Data protection is not enabled on {cluster}; enable it first.");
            }
            var installer = new VeleroInstaller(client, new VeleroManifest(Namespace, version, registry), Storage(), _options.Value);
            state.InstalledVersion = version;
            state.ImageRegistry = registry;
            return Task.FromResult<ProtectionWork>(async (steps, ct) => { await installer.InstallAsync(actor, cluster, steps, ct); return installer; });
        }, RecordInstall, progress, cancellationToken);

    /// <summary>Uninstalls what enabling created; with <see cref="BackupDisposition.Delete"/> every backup is deleted through Velero first.</summary>
    public Task<ProtectionRun> DisableAsync(Actor actor, string cluster, DisableProtectionRequest request,
        IProgress<IReadOnlyList<ProtectionStep>>? progress, CancellationToken cancellationToken) =>
        _runner.RunAsync(actor, cluster, AuditActions.ProtectionDisable, VeleroUninstaller.Steps, async (scope, state, client) =>
        {
            scope.Parameters = new { backups = request.Backups.ToString().ToLowerInvariant(), force = request.Force };
            var existing = await new VeleroProbe(client, Namespace, _options.Value.PollInterval).GetDeploymentAsync(scope.CancellationToken);
            if ((state.Adopted || existing is not null && !VeleroProbe.IsOurs(existing)) && !request.Force)
            {
                throw new ValidationException("force", $"Velero on {cluster} was installed outside the dashboard (adopted); confirm with force to uninstall it anyway.");
            }
            var uninstaller = new VeleroUninstaller(client, new VeleroManifest(Namespace, VeleroVersions.Default, null), _options.Value);
            return async (steps, ct) => { await uninstaller.UninstallAsync(request.Backups, steps, ct); return null; };
        }, (state, run, _) =>
        {
            state.Status = run.Succeeded ? ProtectionStatus.NotInstalled : ProtectionStatus.Error;
            if (run.Succeeded)
            {
                (state.InstalledVersion, state.ServerVersion, state.StoragePhase, state.Adopted, state.ImageRegistry) = (null, null, null, false, null);
            }
        }, progress, cancellationToken);

    private static void RecordInstall(ProtectionState state, ProtectionRun run, VeleroInstaller? installer)
    {
        state.Status = run.Succeeded ? ProtectionStatus.Ready : ProtectionStatus.Error;
        state.ServerVersion = installer?.ServerVersion ?? state.ServerVersion;
        state.StoragePhase = installer?.StoragePhase ?? state.StoragePhase;
    }

    private IProtectionStorage Storage() => _storage.LastOrDefault()
        ?? throw new InvalidOperationException("No storage for backups is configured: register an IProtectionStorage (the storage-locations feature provides it) before enabling data protection.");
}
