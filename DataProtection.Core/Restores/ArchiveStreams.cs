namespace DataProtection.Core.Restores;

/// <summary>
/// Wraps the compressed stream and keeps its last 8 bytes: .NET's GZipStream ends quietly when the gzip trailer is missing,
/// so a truncated download would look complete. After inflating everything, <see cref="Verify"/> compares the trailer's
/// ISIZE with what was inflated (zlib itself checks the CRC whenever the trailer is present).
/// </summary>
internal sealed class GzipTail(Stream inner) : ReadOnlyWrapper(inner)
{
    private readonly byte[] _tail = new byte[8];
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, Inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Keep(buffer[..Inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken);
        return Keep(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Keep(ReadOnlySpan<byte> read)
    {
        if (read.Length >= 8)
        {
            read[^8..].CopyTo(_tail);
        }
        else if (read.Length > 0)
        {
            _tail.AsSpan(read.Length).CopyTo(_tail);
            read.CopyTo(_tail.AsSpan(8 - read.Length));
        }
        _read += read.Length;
        return read.Length;
    }

    /// <summary>Reads what the inflater left unread, then checks the trailer against <paramref name="inflated"/> bytes.</summary>
    public async Task VerifyAsync(long inflated, CancellationToken ct)
    {
        var rest = new byte[8192];
        while (await ReadAsync(rest, ct) > 0)
        {
        }
        var isize = BitConverter.ToUInt32(_tail, 4);
        if (_read < 18 || isize != (uint)inflated)
        {
            throw new BackupArchiveException("The backup archive is truncated: its gzip trailer is missing or does not match its contents.");
        }
    }

    protected override long Consumed => _read;
}

/// <summary>Counts inflated bytes and stops the read as soon as they pass the limit (a gzip bomb never fills memory).</summary>
internal sealed class InflatedCounter(Stream inner, long limit) : ReadOnlyWrapper(inner)
{
    public long Count { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Add(Inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Add(Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Add(await Inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Add(int read)
    {
        Count += read;
        if (Count > limit)
        {
            throw new BackupArchiveException($"The backup archive inflates to more than {limit:N0} bytes; it was not read further.");
        }
        return read;
    }

    protected override long Consumed => Count;
}

/// <summary>What a forward-only, read-only wrapper must say about itself; disposing it disposes the wrapped stream.</summary>
internal abstract class ReadOnlyWrapper(Stream inner) : Stream
{
    protected Stream Inner { get; } = inner;

    protected abstract long Consumed { get; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Consumed; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
