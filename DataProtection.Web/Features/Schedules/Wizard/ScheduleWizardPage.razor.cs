using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Inventory;
using DataProtection.Core.Schedules;
using DataProtection.Core.StorageLocations;
using DataProtection.Core.Volumes;
using DataProtection.Web.Features.Backups.Wizard;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace DataProtection.Web.Features.Schedules.Wizard;

public sealed partial class ScheduleWizardPage : IDisposable
{
    private const int LastStep = 5;
    // Cancelled, never disposed: MudStepper still calls back into the page while it is being torn down.
    private readonly CancellationTokenSource _cts = new();
    private BackupWizardModel _model = new();
    private CronChoice _cron = new();
    private IReadOnlyList<string> _clusters = [];
    private WizardData _data = null!;
    private ScopeStep? _scope;
    private int _step;
    private bool _paused = true;
    private bool _saving;
    private bool _loaded;
    private string? _resourceVersion;
    private string? _loadError;
    private string? _conflict;
    private (string Yaml, string Command)? _review;

    [Parameter] public string? Cluster { get; set; }

    [Parameter] public string? Name { get; set; }

    [SupplyParameterFromQuery(Name = "cluster")] public string? ClusterQuery { get; set; }

    [Inject] public required ClusterService ClusterService { get; init; }

    [Inject] public required ScheduleService Schedules { get; init; }

    [Inject] public required InventoryService Inventory { get; init; }

    [Inject] public required StorageLocationService Locations { get; init; }

    [Inject] public required VolumeService Volumes { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required IOptions<ClustersOptions> ClusterOptions { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private bool Editing => Name is not null;

    private bool ScopeHasError => _model.Errors.Keys.Any(k => k is not ("name" or "ttl" or "storageLocation" or "cluster" or "schedule"));

    protected override async Task OnInitializedAsync()
    {
        _data = new WizardData(Inventory, Locations, Volumes);
        var actor = await CurrentUser.GetActorAsync();
        _clusters = (await ClusterService.ListClustersAsync(actor, _cts.Token)).Select(c => c.Name).ToList();
        if (Editing)
        {
            try
            {
                var details = await Schedules.GetScheduleAsync(actor, Cluster!, Name!, _cts.Token);
                _model = BackupWizardModel.From(details.Summary.Cluster, details.Draft.Template);
                (_model.Name, _cron, _paused, _resourceVersion) = (details.Draft.Name, CronChoice.From(details.Draft.Cron), details.Draft.Paused, details.ResourceVersion);
                await _data.LoadAsync(actor, details.Summary.Cluster, _cts.Token);
            }
            catch (Exception ex) when (ex is NotFoundException or ClusterUnavailableException or ForbiddenException)
            {
                _loadError = ex.Message;
            }
        }
        else if ((ClusterQuery ?? (_clusters.Count == 1 ? _clusters[0] : null)) is { } cluster && _clusters.Contains(cluster))
        {
            _model.Cluster = cluster;
            await _data.LoadAsync(actor, cluster, _cts.Token);
        }
        _loaded = true;
    }

    private async Task ClusterChangedAsync(string cluster)
    {
        (_model.Cluster, _model.StorageLocation) = (cluster, null);
        if (await _data.LoadAsync(await CurrentUser.GetActorAsync(), cluster, _cts.Token) is { } problem)
        {
            Snackbar.Add(problem, Severity.Error);
        }
        StateHasChanged();
        _scope?.Refresh();
    }

    private async Task StepChangedAsync()
    {
        // MudStepper moves its active index while its steps are disposed, after this page has gone.
        if (_cts.IsCancellationRequested)
        {
            return;
        }
        var template = _model.TryTemplate();
        if (_step == 2 && _model.Cluster is { } cluster)
        {
            await _data.LoadVolumesAsync(await CurrentUser.GetActorAsync(), cluster, template, _cts.Token);
        }
        if (_step == LastStep)
        {
            Review();
        }
    }

    private void NameChanged(string name)
    {
        _model.Name = name;
        Review();
    }

    private ScheduleDraft? Draft()
    {
        var template = _model.TryTemplate();
        try
        {
            var draft = new ScheduleDraft(_model.Name, _cron.Cron, template ?? new BackupTemplate(), _paused);
            draft.Validate();
            return template is null ? null : draft;
        }
        catch (ValidationException ex)
        {
            _model.Errors.TryAdd(ex.Field, ex.Message);
            return null;
        }
    }

    private void Review()
    {
        var ns = ClusterOptions.Value.VeleroNamespace;
        _review = Draft() is { } draft ? (ScheduleWriter.Yaml(ScheduleWriter.Schedule(draft, ns)), ScheduleWriter.Command(draft, ns)) : null;
    }

    private async Task SaveAsync()
    {
        if (Draft() is not { } draft || _model.Cluster is not { } cluster)
        {
            return;
        }
        _saving = true;
        try
        {
            var actor = await CurrentUser.GetActorAsync();
            if (Editing)
            {
                await Schedules.UpdateScheduleAsync(actor, cluster, Name!, draft, _resourceVersion!, _cts.Token);
            }
            else
            {
                await Schedules.CreateScheduleAsync(actor, cluster, draft, _cts.Token);
            }
            Snackbar.Add($"Schedule {draft.Name} {(Editing ? "saved" : "created")}{(draft.Paused ? " (paused)" : "")}", Severity.Success);
            Navigation.NavigateTo("schedules");
        }
        catch (ValidationException ex)
        {
            _model.Errors[ex.Field] = ex.Message;
            _review = null;
        }
        catch (ConflictException ex)
        {
            _conflict = ex.Message;
        }
        catch (Exception ex) when (ex is NotFoundException or ForbiddenException or ClusterUnavailableException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _saving = false;
        }
    }

    public void Dispose() => _cts.Cancel();
}
