using DataProtection.Benchmarks.Backups;
using DataProtection.Benchmarks.Inventory;

// Console benchmarks; numbers go to docs/benchmarks.md. Usage: dotnet run -c Release --project DataProtection.Benchmarks -- inventory|backup [options]
return args.FirstOrDefault() switch
{
    "inventory" => await InventorySelectorBenchmark.RunAsync(InventoryBenchmarkOptions.Parse(args[1..])),
    "backup" => await BackupBenchmark.RunAsync(BackupBenchmarkOptions.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: DataProtection.Benchmarks inventory [--namespaces 200] [--per-namespace 250] [--selector 'tier=backend,env=prod'] [--iterations 5]");
    Console.Error.WriteLine("       DataProtection.Benchmarks backup [--namespaces 200] [--per-namespace 250] [--crds /work/shared/velero/crds/v1]");
    return 2;
}
