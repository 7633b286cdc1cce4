using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using DataProtection.Benchmarks.Backups;
using DataProtection.Core.Data;
using DataProtection.Core.Restores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DataProtection.Benchmarks.Restores;

/// <summary>
/// Indexing a backup archive of N items written as Velero writes it (each item twice: legacy and -preferredversion path):
/// time against plain GZipStream decompression of the same file, peak memory, and the SQLite write of the index.
/// </summary>
public static class IndexBenchmark
{
    public static async Task<int> RunAsync(int items, int iterations)
    {
        var directory = Directory.CreateTempSubdirectory("dp-index-bench");
        try
        {
            var archive = Path.Combine(directory.FullName, "backup.tar.gz");
            var written = Stopwatch.StartNew();
            var inflated = Write(archive, items);
            Console.WriteLine($"archive: {items:N0} items, {new FileInfo(archive).Length / 1048576.0:F1} MiB compressed, {inflated / 1048576.0:F1} MiB inflated, written in {written.Elapsed.TotalSeconds:F1} s");
            var gzip = new List<double>();
            var index = new List<double>();
            IReadOnlyList<ArchiveItem> result = [];
            long peakWorkingSet = 0, peakHeap = 0;
            for (var i = 0; i < iterations; i++)
            {
                gzip.Add(await TimeAsync(async () =>
                {
                    await using var file = File.OpenRead(archive);
                    await using var stream = new GZipStream(file, CompressionMode.Decompress);
                    await stream.CopyToAsync(Stream.Null);
                }));
                GC.Collect();
                await using var sampler = new MemorySampler(TimeSpan.FromMilliseconds(20));
                index.Add(await TimeAsync(async () =>
                    result = await BackupArchiveReader.IndexAsync(_ => Task.FromResult<Stream>(File.OpenRead(archive)), ArchiveLimits.Default, CancellationToken.None)));
                await sampler.DisposeAsync();
                (peakWorkingSet, peakHeap) = (Math.Max(peakWorkingSet, sampler.PeakWorkingSet), Math.Max(peakHeap, sampler.PeakManagedHeap));
            }
            if (result.Count != items)
                throw new InvalidOperationException($"indexed {result.Count} items, expected {items}");
            var (g, x) = (Median(gzip), Median(index));
            Console.WriteLine($"gzip only:  median {g:F2} s ({inflated / 1048576.0 / g:F0} MiB/s inflated)");
            Console.WriteLine($"index:      median {x:F2} s ({inflated / 1048576.0 / x:F0} MiB/s inflated) = {100 * g / x:F0}% of gzip throughput");
            Console.WriteLine($"peak working set during indexing {peakWorkingSet / 1048576.0:F0} MiB, peak managed heap {peakHeap / 1048576.0:F0} MiB");
            var save = await SaveAsync(directory.FullName, result);
            Console.WriteLine($"SQLite write of the index: {save:F2} s ({items / save:N0} rows/s)");
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<double> SaveAsync(string directory, IReadOnlyList<ArchiveItem> items)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "index.db")};Pooling=false").Options;
        await using (var db = new AppDbContext(options))
            await db.Database.MigrateAsync();
        var store = new BackupIndexStore(new Factory(options), TimeProvider.System);
        return await TimeAsync(() => store.SaveAsync(1, "bench", Guid.NewGuid().ToString(), items, CancellationToken.None));
    }

    private sealed class Factory(DbContextOptions<AppDbContext> options) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(options);
    }

    // Items shaped like real ones, with their entropy: random uids and image digests, a certificate in one ConfigMap in five,
    // managedFields and kubectl's last-applied annotation. (Repetitive synthetic JSON inflates unrealistically fast.)
    private static readonly Random Rng = new(42);

    private static long Write(string path, int items)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        var counter = new CountingStream(gzip);
        // Go's archive/tar writes USTAR headers unless a name needs PAX, as here.
        using var tar = new TarWriter(counter, TarEntryFormat.Ustar, leaveOpen: true);
        Add(tar, "metadata/version", "1.1.0\n");
        for (var i = 0; i < items; i++)
        {
            var (resource, kind, ns, name) = i % 5 < 3 ? ("configmaps", "ConfigMap", $"ns-{i % 200}", $"config-{i}") : ("pods", "Pod", $"ns-{i % 200}", $"pod-{i}");
            var json = Item(kind, ns, name, i);
            Add(tar, $"resources/{resource}/namespaces/{ns}/{name}.json", json);
            Add(tar, $"resources/{resource}/v1-preferredversion/namespaces/{ns}/{name}.json", json);
        }
        tar.Dispose();
        return counter.Count;
    }

    private static string Item(string kind, string ns, string name, int i)
    {
        var labels = $"{{\"app\":\"app-{i % 50}\",\"env\":\"{(i % 2 == 0 ? "prod" : "dev")}\",\"team\":\"team-{i % 7}\",\"tier\":\"backend\"}}";
        var body = kind == "ConfigMap"
            ? $"\"data\":{{\"settings.yaml\":\"replicas: {i % 9}\\nlogLevel: info\\nfeature: {Hex(4)}\\n\""
              + (i % 5 == 0 ? $",\"ca.crt\":\"-----BEGIN CERTIFICATE-----\\n{Convert.ToBase64String(Bytes(600))}\\n-----END CERTIFICATE-----\\n\"" : "") + "}"
            : $"\"spec\":{{\"containers\":[{{\"image\":\"registry.example.com/team/app@sha256:{Hex(32)}\",\"name\":\"app\",\"ports\":[{{\"containerPort\":8080}}],"
              + "\"resources\":{\"limits\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"}}}],\"nodeName\":\"node-" + (i % 13) + "\",\"restartPolicy\":\"Always\"},"
              + $"\"status\":{{\"phase\":\"Running\",\"podIP\":\"10.{i % 250}.{Rng.Next(250)}.{Rng.Next(250)}\",\"startTime\":\"2026-11-{1 + i % 25:D2}T{i % 24:D2}:{Rng.Next(60):D2}:{Rng.Next(60):D2}Z\"}}";
        var applied = $"{{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"{kind}\\\",\\\"metadata\\\":{{\\\"name\\\":\\\"{name}\\\",\\\"namespace\\\":\\\"{ns}\\\"}}}}";
        return $"{{\"apiVersion\":\"v1\",{body},\"kind\":\"{kind}\",\"metadata\":{{\"annotations\":{{\"kubectl.kubernetes.io/last-applied-configuration\":\"{applied}\"}},"
            + $"\"creationTimestamp\":\"2026-11-{1 + i % 25:D2}T{i % 24:D2}:{Rng.Next(60):D2}:{Rng.Next(60):D2}Z\",\"labels\":{labels},"
            + $"\"managedFields\":[{{\"apiVersion\":\"v1\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{{\"f:metadata\":{{\"f:labels\":{{\".\":{{}},\"f:app\":{{}}}}}}}},\"manager\":\"kubectl-client-side-apply\",\"operation\":\"Update\",\"time\":\"2026-11-{1 + i % 25:D2}T10:00:00Z\"}}],"
            + $"\"name\":\"{name}\",\"namespace\":\"{ns}\",\"resourceVersion\":\"{1000 + Rng.Next(1_000_000)}\",\"uid\":\"{Guid.NewGuid()}\"}}}}";
    }

    private static byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        Rng.NextBytes(bytes);
        return bytes;
    }

    private static string Hex(int count) => Convert.ToHexStringLower(Bytes(count));

    private static void Add(TarWriter tar, string path, string content) =>
        tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }
        public override void Write(byte[] buffer, int offset, int count) { inner.Write(buffer, offset, count); Count += count; }
        public override void Write(ReadOnlySpan<byte> buffer) { inner.Write(buffer); Count += buffer.Length; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
