using System.Text;

namespace DataProtection.Sandbox.KubeApi;

internal sealed record KubeconfigEntry(string Name, string Server, string Token, string CaPem);

/// <summary>Writes kubeconfig YAML by hand: the shape is fixed and every value is a plain scalar we control.</summary>
internal static class Kubeconfig
{
    public static string Render(IReadOnlyList<KubeconfigEntry> entries)
    {
        var yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        foreach (var e in entries)
            yaml.Append($"- name: {e.Name}\n  cluster:\n    server: {e.Server}\n    certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(e.CaPem))}\n");
        yaml.Append("users:\n");
        foreach (var e in entries)
            yaml.Append($"- name: {e.Name}\n  user:\n    token: {e.Token}\n");
        yaml.Append("contexts:\n");
        foreach (var e in entries)
            yaml.Append($"- name: {e.Name}\n  context:\n    cluster: {e.Name}\n    user: {e.Name}\n");
        yaml.Append($"current-context: {entries[0].Name}\npreferences: {{}}\n");
        return yaml.ToString();
    }
}
