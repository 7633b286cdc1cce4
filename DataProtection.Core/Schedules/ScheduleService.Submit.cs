using System.Net;
using System.Text.Json.Nodes;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Protection;

namespace DataProtection.Core.Schedules;

public sealed partial class ScheduleService
{
    private string VeleroPath => $"apis/velero.io/v1/namespaces/{_namespace}";

    // The name is fixed before the write, so a repeat finds its own object (409 AlreadyExists) and counts as done.
    private async Task<bool> SubmitAsync(int clusterId, string plural, JsonObject resource, CancellationToken ct)
    {
        var client = await _clients.GetAsync(clusterId, ct);
        try
        {
            await client.CreateAsync($"{VeleroPath}/{plural}", resource, ct);
            return true;
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
