namespace DataProtection.Sandbox.ObjectStore;

/// <summary>Base for the read-once request-body wrappers: async reads only, since Kestrel bodies are async-only.</summary>
internal abstract class ForwardStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the request body asynchronously.");
    public override void Flush() => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Passes bytes through, shows each to <paramref name="observe"/>, and runs <paramref name="atEnd"/> once at end of stream (it throws to reject the body).</summary>
internal sealed class ObservingStream(Stream inner, Action<ReadOnlySpan<byte>> observe, Action atEnd) : ForwardStream
{
    private bool _ended;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (read > 0)
        {
            observe(buffer.Span[..read]);
        }
        else if (!_ended && buffer.Length > 0)
        {
            _ended = true;
            atEnd();
        }
        return read;
    }
}
