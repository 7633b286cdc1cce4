using DataProtection.Core.Audit;
using DataProtection.Core.Common;
using DataProtection.Core.Data;
using DataProtection.Core.Identity;
using DataProtection.Core.Kubernetes;
using DataProtection.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Clusters;

/// <summary>The cluster registry. Admin registers, edits, disables and removes; everyone reads. Checks roles itself.</summary>
public sealed class ClusterService(
    IDbContextFactory<AppDbContext> dbFactory,
    IAuditLog audit,
    ISecretProtector secrets,
    IKubernetesClientFactory clients,
    ClusterProbe probe,
    TimeProvider time)
{
    public async Task<IReadOnlyList<ClusterSummary>> ListClustersAsync(Actor actor, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clusters = await db.Clusters.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return clusters.Select(ClusterSummary.From).ToList();
    }

    public async Task<ClusterSummary> GetClusterAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return ClusterSummary.From(await FindAsync(db, name, cancellationToken));
    }

    /// <summary>The contexts of a pasted kubeconfig, to offer a choice; throws <see cref="ValidationException"/> on bad YAML.</summary>
    public IReadOnlyList<string> ListContexts(string? kubeconfig) => KubeconfigDocument.ListContexts(kubeconfig);

    /// <summary>Contacts the server with credentials that are not saved. Admin only: it reaches any URL the caller names.</summary>
    public async Task<ConnectionTestResult> TestConnectionAsync(Actor actor, ClusterCredentials credentials, CancellationToken cancellationToken)
    {
        actor.Require(Roles.Admin);
        var kubeconfig = Normalise(credentials);
        return await ProbeAsync(kubeconfig, credentials.FromKubeconfig, cancellationToken);
    }

    public async Task<ClusterSummary> RegisterClusterAsync(Actor actor, RegisterClusterRequest request, CancellationToken cancellationToken)
    {
        // The network test runs before the audited transaction, so the audit writer is not held while a server times out.
        Prepared? prepared = actor.IsInRole(Roles.Admin) ? await PrepareAsync(request, cancellationToken) : null;
        return await audit.RunAsync(actor, AuditActions.ClusterRegister, async scope =>
        {
            scope.Target = new AuditTarget(Cluster: ForAudit(request.Name), Kind: "Cluster", Name: ForAudit(request.Name));
            scope.Parameters = new { description = request.Description, context = request.Credentials.Context, server = prepared?.Kubeconfig?.Server };
            actor.Require(Roles.Admin);
            var (name, kubeconfig, result) = prepared!.Value.Unwrap();
            if (await scope.Db.Clusters.AnyAsync(c => c.Name == name, scope.CancellationToken))
            {
                throw new ConflictException($"A cluster named {name} is already registered.");
            }
            var now = time.GetUtcNow().UtcDateTime;
            var cluster = new Cluster
            {
                Name = name,
                Description = Description(request.Description),
                Server = kubeconfig.Server,
                ProtectedKubeconfig = secrets.Protect(KubernetesClientFactory.SecretPurpose, kubeconfig.Yaml),
                CreatedUtc = now,
                UpdatedUtc = now,
            };
            ClusterSummary.Apply(cluster, result.Health);
            scope.Db.Clusters.Add(cluster);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return ClusterSummary.From(cluster);
        }, cancellationToken);
    }

    public async Task<ClusterSummary> UpdateClusterAsync(Actor actor, string name, ClusterChanges changes, CancellationToken cancellationToken)
    {
        Prepared? prepared = null;
        if (actor.IsInRole(Roles.Admin) && changes.Credentials is { } credentials)
        {
            prepared = await TestAsync(credentials, cancellationToken);
        }
        var summary = await audit.RunAsync(actor, AuditActions.ClusterUpdate, async scope =>
        {
            scope.Target = new AuditTarget(Cluster: ForAudit(name), Kind: "Cluster", Name: ForAudit(name));
            scope.Parameters = new { description = changes.Description, credentialsChanged = changes.Credentials is not null, server = prepared?.Kubeconfig?.Server };
            actor.Require(Roles.Admin);
            var cluster = await FindAsync(scope.Db, name, scope.CancellationToken);
            if (changes.Description is not null)
            {
                cluster.Description = Description(changes.Description);
            }
            if (prepared is { } p)
            {
                var (_, kubeconfig, result) = p.Unwrap();
                cluster.Server = kubeconfig.Server;
                cluster.ProtectedKubeconfig = secrets.Protect(KubernetesClientFactory.SecretPurpose, kubeconfig.Yaml);
                ClusterSummary.Apply(cluster, result.Health);
            }
            cluster.UpdatedUtc = time.GetUtcNow().UtcDateTime;
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return (ClusterSummary.From(cluster), cluster.Id);
        }, cancellationToken);
        clients.Invalidate(summary.Id);
        return summary.Item1;
    }

    public Task<ClusterSummary> SetEnabledAsync(Actor actor, string name, bool enabled, CancellationToken cancellationToken) =>
        audit.RunAsync(actor, enabled ? AuditActions.ClusterEnable : AuditActions.ClusterDisable, async scope =>
        {
            scope.Target = new AuditTarget(Cluster: ForAudit(name), Kind: "Cluster", Name: ForAudit(name));
            actor.Require(Roles.Admin);
            var cluster = await FindAsync(scope.Db, name, scope.CancellationToken);
            cluster.Enabled = enabled;
            cluster.UpdatedUtc = time.GetUtcNow().UtcDateTime;
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return ClusterSummary.From(cluster);
        }, cancellationToken);

    public async Task RemoveClusterAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var id = await audit.RunAsync(actor, AuditActions.ClusterRemove, async scope =>
        {
            scope.Target = new AuditTarget(Cluster: ForAudit(name), Kind: "Cluster", Name: ForAudit(name));
            actor.Require(Roles.Admin);
            var cluster = await FindAsync(scope.Db, name, scope.CancellationToken);
            scope.Db.Clusters.Remove(cluster);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return cluster.Id;
        }, cancellationToken);
        clients.Invalidate(id);
    }

    internal static async Task<Cluster> FindAsync(AppDbContext db, string name, CancellationToken cancellationToken) =>
        await db.Clusters.FirstOrDefaultAsync(c => c.Name == name, cancellationToken)
        ?? throw new NotFoundException($"There is no cluster named {ForAudit(name)}.");

    internal static string ForAudit(string? name) => name is null ? "" : name.Length > 63 ? name[..63] : name;

    private async Task<Prepared> PrepareAsync(RegisterClusterRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var name = request.Name?.Trim() ?? "";
            if (!LabelRules.IsDns1123Label(name))
            {
                throw new ValidationException("name", "The name must be a DNS-1123 label: at most 63 lower case letters, digits or '-', starting and ending with a letter or digit.");
            }
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                if (await db.Clusters.AnyAsync(c => c.Name == name, cancellationToken))
                {
                    return new Prepared(name, null, null, new ConflictException($"A cluster named {name} is already registered."));
                }
            }
            return await TestAsync(request.Credentials, cancellationToken) with { Name = name };
        }
        catch (ValidationException ex)
        {
            return new Prepared(null, null, null, ex);
        }
    }

    private async Task<Prepared> TestAsync(ClusterCredentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            var kubeconfig = Normalise(credentials);
            var result = await ProbeAsync(kubeconfig, credentials.FromKubeconfig, cancellationToken);
            return result.Succeeded
                ? new Prepared(null, kubeconfig, result, null)
                : new Prepared(null, kubeconfig, result, new ValidationException(result.Field ?? "server", result.Error ?? "The connection test failed."));
        }
        catch (ValidationException ex)
        {
            return new Prepared(null, null, null, ex);
        }
    }

    private async Task<ConnectionTestResult> ProbeAsync(NormalisedKubeconfig kubeconfig, bool fromKubeconfig, CancellationToken cancellationToken)
    {
        k8s.Kubernetes client;
        try
        {
            client = clients.Create(kubeconfig);
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new ValidationException(fromKubeconfig ? "kubeconfig" : "certificateAuthority", $"The credentials could not be loaded: {ex.Message}");
        }
        using (client)
        {
            return await probe.ProbeAsync(client, kubeconfig.Server, fromKubeconfig, cancellationToken);
        }
    }

    private static NormalisedKubeconfig Normalise(ClusterCredentials c) => c.FromKubeconfig
        ? KubeconfigDocument.Normalise(c.Kubeconfig, c.Context)
        : KubeconfigDocument.FromToken(c.Server, c.Token, c.CertificateAuthority);

    private static string Description(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        return trimmed.Length <= 500 ? trimmed : throw new ValidationException("description", "The description must be at most 500 characters.");
    }

    /// <summary>The outcome of the checks done outside the audited transaction; <see cref="Unwrap"/> rethrows a failure inside it.</summary>
    private readonly record struct Prepared(string? Name, NormalisedKubeconfig? Kubeconfig, ConnectionTestResult? Result, Exception? Failure)
    {
        public (string Name, NormalisedKubeconfig Kubeconfig, ConnectionTestResult Result) Unwrap() => Failure switch
        {
            ValidationException v => throw new ValidationException(v.Field, v.Message),
            ConflictException c => throw new ConflictException(c.Message),
            _ => (Name ?? "", Kubeconfig!, Result!),
        };
    }
}
