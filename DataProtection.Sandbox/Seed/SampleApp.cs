namespace DataProtection.Sandbox.Seed;

/// <summary>One sample application: a workload with its pods, service, config and (for databases) volumes.</summary>
internal sealed record SampleApp(string Namespace, string Name, string Tier, string Team, string Env, bool Stateful, int Replicas, string Image, string? VolumeSize = null)
{
    public static readonly IReadOnlyList<SampleApp> All =
    [
        new("shop", "storefront", "frontend", "shop", "prod", false, 3, "nginx:1.27"),
        new("shop", "cart", "backend", "shop", "prod", false, 2, "ghcr.io/example/cart:2.4.1"),
        new("shop", "catalog", "backend", "shop", "prod", false, 2, "ghcr.io/example/catalog:1.9.0"),
        new("shop", "postgres", "db", "shop", "prod", true, 2, "postgres:16", "10Gi"),
        new("shop", "redis", "db", "shop", "prod", true, 1, "redis:7", "1Gi"),
        new("payments", "gateway", "frontend", "payments", "prod", false, 2, "ghcr.io/example/pay-gateway:3.2.0"),
        new("payments", "ledger", "backend", "payments", "prod", false, 2, "ghcr.io/example/ledger:5.0.3"),
        new("payments", "mysql", "db", "payments", "prod", true, 1, "mysql:8.4", "20Gi"),
        new("monitoring", "prometheus", "backend", "platform", "prod", true, 1, "prom/prometheus:v2.54.0", "50Gi"),
        new("monitoring", "grafana", "frontend", "platform", "prod", false, 1, "grafana/grafana:11.2.0"),
        new("dev-alice", "storefront", "frontend", "shop", "dev", false, 1, "nginx:1.27"),
        new("dev-alice", "postgres", "db", "shop", "dev", true, 1, "postgres:16", "2Gi"),
        new("dev-bob", "ledger", "backend", "payments", "dev", false, 1, "ghcr.io/example/ledger:5.1.0-rc1"),
        new("dev-bob", "mongo", "db", "payments", "dev", true, 1, "mongo:7", "5Gi"),
    ];

    public Dictionary<string, string> Labels => new() { ["app"] = Name, ["tier"] = Tier, ["team"] = Team, ["env"] = Env };
}
