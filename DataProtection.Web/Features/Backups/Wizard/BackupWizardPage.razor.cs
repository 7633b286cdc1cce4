using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Inventory;
using DataProtection.Core.StorageLocations;
using DataProtection.Core.Volumes;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace DataProtection.Web.Features.Backups.Wizard;

public sealed partial class BackupWizardPage : IDisposable
{
    private const int LastStep = 4;
    // Cancelled, never disposed: MudStepper still calls back into the page while it is being torn down.
    private readonly CancellationTokenSource _cts = new();
    private readonly BackupWizardModel _model = new();
    private IReadOnlyList<string> _clusters = [];
    private WizardData _data = null!;
    private MudStepper? _stepper;
    private ScopeStep? _scope;
    private int _step;
    private bool _saving;
    private bool _nameEdited;
    private (string Yaml, string Command)? _review;

    [SupplyParameterFromQuery(Name = "cluster")] public string? ClusterQuery { get; set; }

    [Inject] public required ClusterService ClusterService { get; init; }

    [Inject] public required BackupSubmissionService Submissions { get; init; }

    [Inject] public required InventoryService Inventory { get; init; }

    [Inject] public required StorageLocationService Locations { get; init; }

    [Inject] public required VolumeService Volumes { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required IOptions<ClustersOptions> ClusterOptions { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private bool ScopeHasError => _model.Errors.Keys.Any(k => k is not ("name" or "ttl" or "storageLocation" or "cluster"));

    protected override async Task OnInitializedAsync()
    {
        _data = new WizardData(Inventory, Locations, Volumes);
        var clusters = await ClusterService.ListClustersAsync(await CurrentUser.GetActorAsync(), _cts.Token);
        _clusters = clusters.Select(c => c.Name).ToList();
        if (ClusterQuery is { } cluster && _clusters.Contains(cluster))
        {
            await ClusterChangedAsync(cluster);
        }
    }

    private async Task ClusterChangedAsync(string cluster)
    {
        _model.Cluster = cluster;
        _model.StorageLocation = null;
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
        if (_step == 1 && _model.Cluster is { } cluster)
        {
            await _data.LoadVolumesAsync(await CurrentUser.GetActorAsync(), cluster, template, _cts.Token);
        }
        if (_step == LastStep)
        {
            if (!_nameEdited && template is not null)
            {
                _model.Name = BackupSubmissionService.DefaultName(template, Time.GetUtcNow().UtcDateTime);
            }
            Review();
        }
    }

    private void NameChanged(string name)
    {
        (_model.Name, _nameEdited) = (name, true);
        Review();
    }

    private void Review()
    {
        var template = _model.TryTemplate();
        try
        {
            ResourceNames.Check("name", _model.Name, BackupSubmissionService.MaxNameLength);
        }
        catch (ValidationException ex)
        {
            _model.Errors[ex.Field] = ex.Message;
        }
        var ns = ClusterOptions.Value.VeleroNamespace;
        _review = template is null || _model.Errors.Count > 0 ? null
            : (BackupSpecWriter.Yaml(BackupSpecWriter.Backup(_model.Name, ns, template, null)), BackupSpecWriter.BackupCommand(_model.Name, template, ns));
    }

    private async Task CreateAsync()
    {
        var template = _model.TryTemplate();
        if (template is null || _model.Cluster is not { } cluster)
        {
            return;
        }
        _saving = true;
        try
        {
            var created = await Submissions.SubmitBackupAsync(await CurrentUser.GetActorAsync(), cluster, _model.Name, template, _cts.Token);
            Snackbar.Add($"Backup {created.Name} submitted", Severity.Success);
            Navigation.NavigateTo($"backups/{Uri.EscapeDataString(created.Cluster)}/{Uri.EscapeDataString(created.Name)}");
        }
        catch (ValidationException ex)
        {
            _model.Errors[ex.Field] = ex.Message;
            Snackbar.Add(ex.Message, Severity.Error);
        }
        catch (Exception ex) when (ex is ConflictException or NotFoundException or ForbiddenException or ClusterUnavailableException)
        {
            _model.Errors["name"] = ex.Message;
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _saving = false;
        }
    }

    public void Dispose() => _cts.Cancel();
}
