using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>Saves a cluster's store to one JSON file, debounced after changes and atomically (temp file + rename).</summary>
internal sealed class StatePersistence(ObjectStore store, string path) : IAsyncDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private int _scheduled;
    private int _disposed;
    private Task _pending = Task.CompletedTask;

    public static JsonObject? Load(string path) =>
        File.Exists(path) ? JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject : null;

    public void Schedule()
    {
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _scheduled, 1) == 0)
            _pending = Task.Run(async () =>
            {
                await Task.Delay(Debounce);
                await SaveAsync();
            });
    }

    public async Task SaveAsync()
    {
        await _writing.WaitAsync();
        try
        {
            Interlocked.Exchange(ref _scheduled, 0);
            using var buffer = new MemoryStream();
            lock (store.Gate)
            {
                using var writer = new Utf8JsonWriter(buffer, JsonResponses.WriterOptions);
                store.WriteTo(writer);
            }
            var temp = path + ".tmp";
            await File.WriteAllBytesAsync(temp, buffer.ToArray());
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _pending;
        await SaveAsync();
        _writing.Dispose();
    }
}
