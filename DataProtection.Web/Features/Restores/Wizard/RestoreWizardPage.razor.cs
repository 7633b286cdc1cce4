using DataProtection.Core.Backups;
using DataProtection.Core.Clusters;
using DataProtection.Core.Common;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Restores;
using DataProtection.Core.Schedules;
using DataProtection.Web.Features.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace DataProtection.Web.Features.Restores.Wizard;

/// <summary>
/// Source (cluster, backup or schedule) → what (everything, filters or objects picked in the tree) → target (cluster,
/// namespace mapping, policies) → preview against the live target → review (YAML, velero command) and create.
/// </summary>
public sealed partial class RestoreWizardPage : IDisposable
{
    private const int LastStep = 4;
    // Cancelled, never disposed: MudStepper still calls back into the page while it is being torn down.
    private readonly CancellationTokenSource _cts = new();
    private readonly RestoreWizardModel _model = new();
    private IReadOnlyList<string> _clusters = [];
    private RestoreWizardData _data = null!;
    private RestoreRequest? _request;
    private RestorePreview? _preview;
    private PickedRestorePlan? _plan;
    private string? _problem, _previewError, _yaml, _command;
    private int _step;
    private bool _saving, _nameEdited;

    [SupplyParameterFromQuery(Name = "cluster")] public string? ClusterQuery { get; set; }

    [SupplyParameterFromQuery(Name = "backup")] public string? BackupQuery { get; set; }

    [SupplyParameterFromQuery(Name = "schedule")] public string? ScheduleQuery { get; set; }

    /// <summary>Picked objects as <c>resource/namespace/name</c> (namespace empty when cluster-scoped).</summary>
    [SupplyParameterFromQuery(Name = "item")] public string[]? ItemQuery { get; set; }

    [Inject] public required ClusterService ClusterService { get; init; }

    [Inject] public required BackupService Backups { get; init; }

    [Inject] public required ScheduleService Schedules { get; init; }

    [Inject] public required BackupContentsService Contents { get; init; }

    [Inject] public required RestorePreviewService Previews { get; init; }

    [Inject] public required RestoreService Restores { get; init; }

    [Inject] public required CurrentUser CurrentUser { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required IOptions<ClustersOptions> ClusterOptions { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    private bool SourceHasError => _model.Error("backupName") is not null || _model.Error("scheduleName") is not null
        || (_model.Target == _model.SourceCluster && _model.Error("sourceCluster") is not null);

    private bool TargetHasError => TargetStep.StepFields.Any(f => _model.Error(f) is not null)
        || (_model.Target != _model.SourceCluster && _model.Error("sourceCluster") is not null);

    private IReadOnlyList<string> Namespaces => [.. (_data.Items ?? []).Select(i => i.Namespace).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    private IEnumerable<string> Problems => _model.Errors.Values.Concat(_previewError is null ? [] : [_previewError]).Distinct();

    private string? ContentsBackup => _model.Source == RestoreSource.Backup ? _model.Backup : _data.LatestOf(_model.Schedule);

    protected override async Task OnInitializedAsync()
    {
        _data = new RestoreWizardData(Backups, Schedules, Contents);
        _clusters = [.. (await ClusterService.ListClustersAsync(await CurrentUser.GetActorAsync(), _cts.Token)).Select(c => c.Name)];
        if (ClusterQuery is not { } cluster || !_clusters.Contains(cluster))
            return;
        await ClusterChangedAsync(cluster);
        (_model.Source, _model.Backup, _model.Schedule) = ScheduleQuery is { Length: > 0 } schedule
            ? (RestoreSource.Schedule, (string?)null, schedule) : (RestoreSource.Backup, BackupQuery, (string?)null);
        foreach (var item in ItemQuery ?? [])
        {
            if (item.Split('/') is [var resource, var ns, var name] && resource.Length > 0 && name.Length > 0)
                _model.Picked.Add(new RestoreItemRef(resource, ns.Length == 0 ? null : ns, name));
        }
        if (_model.Picked.Count > 0)
            _model.Scope = RestoreScope.Picked;
        await SourceChangedAsync();
    }

    private async Task ClusterChangedAsync(string cluster)
    {
        (_model.SourceCluster, _model.TargetCluster, _model.Backup, _model.Schedule) = (cluster, null, null, null);
        _model.Picked.Clear();
        _problem = await _data.LoadClusterAsync(await CurrentUser.GetActorAsync(), cluster, _cts.Token);
        Validate();
    }

    private async Task SourceChangedAsync()
    {
        Validate();
        if (_model.SourceCluster is { } cluster && ContentsBackup is { } backup)
        {
            StateHasChanged();
            _problem = await _data.LoadItemsAsync(await CurrentUser.GetActorAsync(), cluster, backup, _cts.Token);
            _model.Picked.IntersectWith((_data.Items ?? []).Select(PickTree.Ref));
            Validate();
        }
    }

    private void Validate()
    {
        _request = _model.TryRequest();
        (_plan, _yaml, _command) = (null, null, null);
    }

    private async Task StepChangedAsync()
    {
        // MudStepper moves its active index while its steps are disposed, after this page has gone.
        if (_cts.IsCancellationRequested)
            return;
        if (_step == 3)
            await PreviewAsync();
        if (_step == LastStep)
            await ReviewAsync();
    }

    private async Task PreviewAsync()
    {
        (_preview, _previewError) = (null, null);
        Validate();
        if (_request is null || _model.Target is not { } target)
        {
            _previewError = _model.Errors.Values.FirstOrDefault() ?? "Choose a source first.";
            return;
        }
        StateHasChanged();
        try
        {
            _preview = await Previews.PreviewAsync(await CurrentUser.GetActorAsync(), target, _request, _cts.Token);
        }
        catch (ValidationException ex)
        {
            (_model.Errors[ex.Field], _previewError) = (ex.Message, ex.Message);
        }
        catch (Exception ex) when (ex is NotFoundException or ConflictException or ForbiddenException or ClusterUnavailableException or BackupArchiveException
            or TimeoutException or HttpRequestException or KubernetesApiException)
        {
            _previewError = ex.Message;
        }
    }

    private async Task ReviewAsync()
    {
        Validate();
        if (_request is null)
            return;
        if (!_nameEdited)
            _model.Name = RestoreService.DefaultName(_request, Time.GetUtcNow().UtcDateTime);
        if (_request.Items.Count > 0)
        {
            try
            {
                _plan = await Contents.PlanPickedAsync(await CurrentUser.GetActorAsync(), _model.SourceCluster!, _request.BackupName!, _request.Items, _cts.Token);
            }
            catch (ValidationException ex)
            {
                _model.Errors[ex.Field] = ex.Message;
                return;
            }
        }
        WriteSpec();
    }

    private void NameChanged(string name)
    {
        (_model.Name, _nameEdited) = (name, true);
        var plan = _plan;
        Validate();
        _plan = plan;
        WriteSpec();
    }

    private void WriteSpec()
    {
        try
        {
            ResourceNames.Check("name", _model.Name, 63);
        }
        catch (ValidationException ex)
        {
            _model.Errors[ex.Field] = ex.Message;
            return;
        }
        if (_request is null || _plan is { ItemByItem: true })
            return;
        var restore = _plan?.Apply(_request) ?? _request;
        var ns = ClusterOptions.Value.VeleroNamespace;
        (_yaml, _command) = (RestoreSpecWriter.Yaml(RestoreSpecWriter.Restore(_model.Name, ns, restore, null)), RestoreSpecWriter.Command(_model.Name, restore, ns));
    }

    private async Task CreateAsync()
    {
        if (_request is null || _model.Target is not { } target)
            return;
        _saving = true;
        try
        {
            var created = await Restores.CreateRestoreAsync(await CurrentUser.GetActorAsync(), target, _model.Name, _request, _cts.Token);
            // No snackbar: the restore's page says it all, and a snackbar would cover that page's header buttons.
            Navigation.NavigateTo($"restores/{Uri.EscapeDataString(created.Cluster)}/{Uri.EscapeDataString(created.Name)}");
        }
        catch (ValidationException ex)
        {
            _model.Errors[ex.Field] = ex.Message;
        }
        catch (Exception ex) when (ex is ConflictException or NotFoundException or ForbiddenException or ClusterUnavailableException or KubernetesApiException)
        {
            _model.Errors["name"] = ex.Message;
        }
        finally
        {
            _saving = false;
        }
    }

    public void Dispose() => _cts.Cancel();
}
