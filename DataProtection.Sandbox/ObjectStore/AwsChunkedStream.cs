using System.Security.Cryptography;
using System.Text;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>The request's signing context, which chunk and trailer signatures chain from (WIRE.md §3.4–3.5).</summary>
internal sealed record ChunkSigning(byte[] SigningKey, string AmzDate, string Scope, string SeedSignature);

/// <summary>
/// Decodes an <c>aws-chunked</c> body as a stream (WIRE.md §2.1), verifying each chunk signature when <paramref name="signing"/>
/// is given, and collecting the trailer lines. Any framing or signature fault throws an <see cref="S3Exception"/>.
/// </summary>
internal sealed class AwsChunkedStream(Stream inner, ChunkSigning? signing, bool hasTrailer, long decodedLength) : ForwardStream
{
    private const int MaxLine = 4096;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Dictionary<string, string> _trailers = new(StringComparer.OrdinalIgnoreCase);
    private readonly IncrementalHash _chunkHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _start;
    private int _end;
    private long _chunkRemaining;
    private string? _chunkSignature;
    private string? _previousSignature = signing?.SeedSignature;
    private long _decoded;
    private bool _finished;

    public IReadOnlyDictionary<string, string> Trailers => _trailers;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }
        while (!_finished && _chunkRemaining == 0)
        {
            await ReadChunkHeaderAsync(cancellationToken);
        }
        if (_finished)
        {
            return 0;
        }
        if (_start == _end && !await FillAsync(cancellationToken))
        {
            throw Malformed();
        }
        var count = (int)Math.Min(Math.Min(buffer.Length, _end - _start), _chunkRemaining);
        var data = _buffer.AsSpan(_start, count);
        data.CopyTo(buffer.Span);
        _chunkHash.AppendData(data);
        _start += count;
        _chunkRemaining -= count;
        _decoded += count;
        if (_chunkRemaining == 0)
        {
            if (await ReadLineAsync(cancellationToken) != "")
            {
                throw Malformed();
            }
            VerifyChunk(Convert.ToHexStringLower(_chunkHash.GetHashAndReset()));
        }
        return count;
    }

    private async Task ReadChunkHeaderAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken) ?? throw Malformed();
        var semicolon = line.IndexOf(';');
        var sizeText = semicolon < 0 ? line : line[..semicolon];
        if (!long.TryParse(sizeText, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var size) || size < 0)
        {
            throw Malformed();
        }
        const string signaturePrefix = "chunk-signature=";
        _chunkSignature = semicolon >= 0 && line[(semicolon + 1)..].StartsWith(signaturePrefix, StringComparison.Ordinal)
            ? line[(semicolon + 1 + signaturePrefix.Length)..]
            : null;
        if (size > 0)
        {
            _chunkRemaining = size;
            return;
        }
        VerifyChunk(SigV4.EmptySha256);
        await ReadTrailerAsync(cancellationToken);
        if (_decoded != decodedLength)
        {
            throw S3Exception.IncompleteBody();
        }
        _finished = true;
    }

    private void VerifyChunk(string dataSha256)
    {
        if (signing is null)
        {
            return;
        }
        var expected = SigV4.Sign(signing.SigningKey, SigV4.ChunkStringToSign(signing.AmzDate, signing.Scope, _previousSignature!, dataSha256));
        if (_chunkSignature is null || !SigV4.SignaturesEqual(expected, _chunkSignature))
        {
            throw S3Exception.SignatureDoesNotMatch();
        }
        _previousSignature = expected;
    }

    private async Task ReadTrailerAsync(CancellationToken cancellationToken)
    {
        string? trailerSignature = null;
        var canonical = new List<string>();
        var first = true;
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            // Some renderings of the AWS example put a blank line between the final chunk and the trailers (WIRE.md §7 q7).
            if (line.Length == 0 && !(first && hasTrailer))
            {
                break;
            }
            first = false;
            if (line.Length == 0)
            {
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw Malformed();
            }
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature")
            {
                trailerSignature = value;
                continue;
            }
            _trailers[name] = value;
            canonical.Add($"{name}:{value}\n");
        }
        if (signing is null || !hasTrailer)
        {
            return;
        }
        var expected = SigV4.Sign(signing.SigningKey,
            SigV4.TrailerStringToSign(signing.AmzDate, signing.Scope, _previousSignature!, string.Concat(canonical.Order(StringComparer.Ordinal))));
        if (trailerSignature is null || !SigV4.SignaturesEqual(expected, trailerSignature))
        {
            throw S3Exception.SignatureDoesNotMatch();
        }
    }

    /// <summary>Reads up to CRLF; null at end of stream with nothing buffered.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.Length == 0 ? null : throw Malformed();
            }
            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            var take = lf < 0 ? span.Length : lf + 1;
            line.Append(Encoding.ASCII.GetString(span[..take]));
            _start += take;
            if (line.Length > MaxLine)
            {
                throw Malformed();
            }
            if (lf >= 0)
            {
                return line.ToString().TrimEnd('\n').TrimEnd('\r');
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        var read = await inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }

    private static S3Exception Malformed() => S3Exception.InvalidArgument("The aws-chunked request body is malformed.");
}
