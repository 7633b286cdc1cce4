using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DataProtection.Core.Common;
using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.Core;

namespace DataProtection.Core.Kubernetes;

/// <summary>
/// Reads pasted kubeconfigs and normalises both ways of registering a cluster (kubeconfig + context, or URL + token + CA)
/// into one self-contained kubeconfig with a single context: the only form ever stored (encrypted).
/// </summary>
public static class KubeconfigDocument
{
    public static K8SConfiguration Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ValidationException("kubeconfig", "Paste or upload a kubeconfig.");
        }
        K8SConfiguration? config;
        try
        {
            // The syntax pass reports the line and column; the typed load below does not always keep them.
            new YamlDotNet.RepresentationModel.YamlStream().Load(new StringReader(text));
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            config = KubernetesClientConfiguration.LoadKubeConfig(stream);
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or FormatException)
        {
            throw new ValidationException("kubeconfig", $"The kubeconfig is not valid YAML: {Describe(ex)}");
        }
        if (config?.Contexts is null || !config.Contexts.Any())
        {
            throw new ValidationException("kubeconfig", "The kubeconfig has no contexts.");
        }
        return config;
    }

    public static IReadOnlyList<string> ListContexts(string? text) => Parse(text).Contexts.Select(c => c.Name).ToList();

    /// <summary>Keeps only <paramref name="contextName"/> (or the current context) with its cluster and user.</summary>
    public static NormalisedKubeconfig Normalise(string? text, string? contextName)
    {
        var config = Parse(text);
        var name = string.IsNullOrWhiteSpace(contextName) ? config.CurrentContext : contextName.Trim();
        var context = config.Contexts.FirstOrDefault(c => c.Name == name)
            ?? throw new ValidationException("context", string.IsNullOrWhiteSpace(name)
                ? "Choose a context: the kubeconfig has no current-context."
                : $"The kubeconfig has no context named '{name}'. Contexts: {string.Join(", ", config.Contexts.Select(c => c.Name))}.");
        var cluster = config.Clusters?.FirstOrDefault(c => c.Name == context.ContextDetails?.Cluster)
            ?? throw new ValidationException("kubeconfig", $"Context '{name}' refers to cluster '{context.ContextDetails?.Cluster}', which the kubeconfig does not define.");
        var user = config.Users?.FirstOrDefault(u => u.Name == context.ContextDetails?.User)
            ?? throw new ValidationException("kubeconfig", $"Context '{name}' refers to user '{context.ContextDetails?.User}', which the kubeconfig does not define.");
        CheckSelfContained(cluster, user);
        var server = CheckServer("kubeconfig", cluster.ClusterEndpoint?.Server);
        var single = new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            CurrentContext = context.Name,
            Contexts = [context],
            Clusters = [cluster],
            Users = [user],
        };
        return new NormalisedKubeconfig(KubernetesYaml.Serialize(single), context.Name, server);
    }

    public static NormalisedKubeconfig FromToken(string? server, string? token, string? certificateAuthorityPem)
    {
        var url = CheckServer("server", server);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ValidationException("token", "Enter the bearer token of a service account.");
        }
        string? caData = null;
        if (!string.IsNullOrWhiteSpace(certificateAuthorityPem))
        {
            try
            {
                using var _ = X509Certificate2.CreateFromPem(certificateAuthorityPem);
            }
            catch (CryptographicException ex)
            {
                throw new ValidationException("certificateAuthority", $"The CA certificate is not a PEM certificate: {ex.Message}");
            }
            caData = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificateAuthorityPem.Trim() + "\n"));
        }
        else if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException("certificateAuthority", "Paste the cluster's CA certificate (PEM) for an https:// server.");
        }
        var config = new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            CurrentContext = "default",
            Contexts = [new Context { Name = "default", ContextDetails = new ContextDetails { Cluster = "default", User = "default" } }],
            Clusters = [new Cluster { Name = "default", ClusterEndpoint = new ClusterEndpoint { Server = url, CertificateAuthorityData = caData } }],
            Users = [new User { Name = "default", UserCredentials = new UserCredentials { Token = token.Trim() } }],
        };
        return new NormalisedKubeconfig(KubernetesYaml.Serialize(config), "default", url);
    }

    /// <summary>Builds a client configuration from a stored (normalised) kubeconfig.</summary>
    public static KubernetesClientConfiguration ToClientConfiguration(string normalisedYaml, TimeSpan timeout)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(normalisedYaml));
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
        config.HttpClientTimeout = timeout;
        return config;
    }

    private static string Describe(Exception exception)
    {
        // YamlDotNet nests the precise error (with its position) inside wrappers.
        var yaml = exception as YamlException;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            yaml = inner as YamlException ?? yaml;
        }
        return yaml is null ? exception.Message : $"line {yaml.Start.Line}, column {yaml.Start.Column}: {yaml.Message}";
    }

    private static string CheckServer(string field, string? server)
    {
        if (!Uri.TryCreate(server?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            throw new ValidationException(field, $"The API server URL '{server}' must be an absolute https:// (or http://) URL.");
        }
        return uri.ToString().TrimEnd('/');
    }

    // The stored kubeconfig must work on its own on the dashboard's host: no files to read, no programs to run.
    private static void CheckSelfContained(Cluster cluster, User user)
    {
        var credentials = user.UserCredentials;
        string? problem = (cluster.ClusterEndpoint?.CertificateAuthority, credentials) switch
        {
            ({ Length: > 0 }, _) => "refers to a CA file (certificate-authority); embed it as certificate-authority-data",
            (_, { ClientCertificate.Length: > 0 } or { ClientKey.Length: > 0 }) => "refers to client certificate files; embed them as client-certificate-data / client-key-data",
            (_, { ExternalExecution: not null }) => "uses an exec credential plugin, which the dashboard does not run; use a service-account token",
            (_, { AuthProvider: not null }) => "uses an auth-provider plugin, which the dashboard does not run; use a service-account token",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ValidationException("kubeconfig", $"The chosen context {problem}.");
        }
    }
}

public sealed record NormalisedKubeconfig(string Yaml, string Context, string Server);
