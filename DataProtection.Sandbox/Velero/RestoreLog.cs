using System.IO.Compression;
using System.Text;

namespace DataProtection.Sandbox.Velero;

/// <summary>The per-restore logrus text log, gzipped to a temp file as it is written (Velero's NewTempFileLogger).</summary>
internal sealed class RestoreLog(string path, string restore, TimeProvider time) : IDisposable
{
    private readonly StreamWriter _writer = new(new GZipStream(File.Create(path), CompressionLevel.Optimal), new UTF8Encoding(false));

    public string Path => path;

    public void Info(string message) => Write("info", message);

    public void Write(string level, string message) =>
        _writer.Write($"time=\"{Timestamps.Format(time.GetUtcNow())}\" level={level} msg=\"{message.Replace("\"", "\\\"")}\" " +
            $"logSource=\"pkg/restore/restore.go\" restore={restore}\n");

    /// <summary>Ends the gzip stream; the file is complete afterwards.</summary>
    public void Dispose() => _writer.Dispose();
}
