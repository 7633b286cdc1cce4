namespace DataProtection.Core.Data;

/// <summary>The resolved files and folders under the data directory.</summary>
public sealed class DataPaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Database => Path.Combine(Root, "dataprotection.db");

    public string HangfireDatabase => Path.Combine(Root, "hangfire.db");

    public string KeyRing => Path.Combine(Root, "keys");

    public string ConnectionString => $"Data Source={Database};Pooling=True;Default Timeout=30";

    public static DataPaths Resolve(string? configured, string contentRoot) =>
        new(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(configured) ? "data" : configured));
}
