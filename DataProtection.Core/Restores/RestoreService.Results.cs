using DataProtection.Core.Backups;
using DataProtection.Core.Common;
using DataProtection.Core.Identity;

namespace DataProtection.Core.Restores;

public sealed partial class RestoreService
{
    /// <summary>Warnings and errors grouped as Velero groups them (Velero, cluster, each namespace), from the file it writes when it ends.</summary>
    public async Task<BackupResults> GetRestoreResultsAsync(Actor actor, string cluster, string name, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        if (await ItemRunAsync(cluster, name, cancellationToken) is { } run)
            return BackupDetailsReader.ParseResults(run.ResultsJson ?? "{}");
        var (_, client) = await OpenAsync(cluster, cancellationToken);
        return BackupDetailsReader.ParseResults(await _downloads.DownloadTextAsync(client, _namespace, "RestoreResults", name, cancellationToken));
    }
}
