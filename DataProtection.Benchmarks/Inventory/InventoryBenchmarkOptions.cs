namespace DataProtection.Benchmarks.Inventory;

public sealed record InventoryBenchmarkOptions(int Namespaces = 200, int PerNamespace = 250, string Selector = "tier=backend,env=prod,team in (shop,payments)", int Iterations = 5)
{
    public static InventoryBenchmarkOptions Parse(string[] args)
    {
        var options = new InventoryBenchmarkOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--namespaces" => options with { Namespaces = int.Parse(args[i + 1]) },
                "--per-namespace" => options with { PerNamespace = int.Parse(args[i + 1]) },
                "--selector" => options with { Selector = args[i + 1] },
                "--iterations" => options with { Iterations = int.Parse(args[i + 1]) },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }
        return options;
    }
}
