using DataProtection.Benchmarks.Backups;
using DataProtection.Benchmarks.Inventory;
using DataProtection.Benchmarks.Restores;

// Console benchmarks; numbers go to docs/benchmarks.md. Usage: dotnet run -c Release --project DataProtection.Benchmarks -- inventory|backup [options]
return args.FirstOrDefault() switch
{
    "inventory" => await InventorySelectorBenchmark.RunAsync(InventoryBenchmarkOptions.Parse(args[1..])),
    "backup" => await BackupBenchmark.RunAsync(BackupBenchmarkOptions.Parse(args[1..])),
    "backup-list" => await BackupListBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 9),
    "watch-latency" => await WatchLatencyBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 20),
    "index" => await IndexBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 3),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: DataProtection.Benchmarks inventory [--namespaces 200] [--per-namespace 250] [--selector 'tier=backend,env=prod'] [--iterations 5]");
    Console.Error.WriteLine("       DataProtection.Benchmarks backup [--namespaces 200] [--per-namespace 250] [--crds /work/shared/velero/crds/v1]");
    Console.Error.WriteLine("       DataProtection.Benchmarks backup-list [rows 100000] [iterations 9]");
    Console.Error.WriteLine("       DataProtection.Benchmarks watch-latency [changes 20]   (build DataProtection.Web -c Release first)");
    Console.Error.WriteLine("       DataProtection.Benchmarks index [items 100000] [iterations 3]");
    return 2;
}
