using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataProtection.Core.Audit;

internal static class AuditHasher
{
    /// <summary>SHA-256 over the previous row's hash and every content field, separated so no two rows collide by shifting text.</summary>
    public static string Compute(AuditEntry e)
    {
        var fields = new[]
        {
            e.PreviousHash,
            e.Id.ToString(CultureInfo.InvariantCulture),
            DateTime.SpecifyKind(e.TimeUtc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
            e.Actor, e.ActorRole, e.Source, e.Action,
            e.TargetCluster, e.TargetKind, e.TargetNamespace, e.TargetName,
            e.Parameters, e.Outcome.ToString(), e.Error,
        };
        var text = string.Join('\u001f', fields.Select(f => f is null ? "\u0000" : f));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
