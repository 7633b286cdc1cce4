namespace DataProtection.Benchmarks.Backups;

public sealed record BackupBenchmarkOptions(int Namespaces = 200, int PerNamespace = 250, string Crds = "/work/shared/velero/crds/v1")
{
    public static BackupBenchmarkOptions Parse(string[] args)
    {
        var options = new BackupBenchmarkOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--namespaces" => options with { Namespaces = int.Parse(args[i + 1]) },
                "--per-namespace" => options with { PerNamespace = int.Parse(args[i + 1]) },
                "--crds" => options with { Crds = args[i + 1] },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }
        if (!Directory.Exists(options.Crds))
            throw new ArgumentException($"--crds: no directory {options.Crds} (Velero's crds/v1 YAML files)");
        return options;
    }
}
