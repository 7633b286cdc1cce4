using System.IO.Compression;
using System.Text;

namespace DataProtection.Sandbox.Velero;

/// <summary>The per-backup logrus text log, gzipped to a temp file as it is written (Velero's dual-mode logger).</summary>
internal sealed class BackupLog(string path, string backup, TimeProvider time) : IDisposable
{
    private readonly StreamWriter _writer = new(new GZipStream(File.Create(path), CompressionLevel.Optimal), new UTF8Encoding(false));

    public string Path => path;

    public void Info(string message, string? resource = null) => Write("info", message, resource);

    public void Warn(string message, string? resource = null, string? error = null) => Write("warning", message, resource, error);

    public void Error(string message, string? resource = null, string? error = null) => Write("error", message, resource, error);

    private void Write(string level, string message, string? resource, string? error = null)
    {
        var extra = (error is null ? "" : $" error=\"{Escape(error)}\"") + (resource is null ? "" : $" resource={resource}");
        _writer.Write($"time=\"{Timestamps.Format(time.GetUtcNow())}\" level={level} msg=\"{Escape(message)}\" backup={backup}{extra} logSource=\"pkg/backup/backup.go\"\n");
    }

    private static string Escape(string text) => text.Replace("\"", "\\\"");

    /// <summary>Ends the gzip stream; the file is complete afterwards.</summary>
    public void Dispose() => _writer.Dispose();
}
