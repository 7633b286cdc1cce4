using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DataProtection.Sandbox.ObjectStore;

/// <summary>The flexible checksums the SDK sends as <c>x-amz-checksum-*</c> headers or trailers, as base64 of the big-endian value.</summary>
internal abstract class S3Checksum
{
    public static readonly string[] Names = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];

    public abstract void Append(ReadOnlySpan<byte> data);

    public abstract string FinishBase64();

    public static S3Checksum? Create(string name) => name.ToLowerInvariant() switch
    {
        "crc32" => new Crc32Checksum(Crc32Checksum.Ieee),
        "crc32c" => new Crc32Checksum(Crc32Checksum.Castagnoli),
        "crc64nvme" => new Crc64Checksum(),
        "sha1" => new HashChecksum(HashAlgorithmName.SHA1),
        "sha256" => new HashChecksum(HashAlgorithmName.SHA256),
        _ => null,
    };

    public static string Compute(string name, ReadOnlySpan<byte> data)
    {
        var checksum = Create(name) ?? throw new ArgumentException($"Unknown checksum {name}", nameof(name));
        checksum.Append(data);
        return checksum.FinishBase64();
    }

    /// <summary>The reflected CRC lookup table for a polynomial; built once per polynomial, not per request.</summary>
    private static ulong[] BuildTable(ulong polynomial) => [.. Enumerable.Range(0, 256).Select(i =>
    {
        var c = (ulong)i;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
        }
        return c;
    })];

    private sealed class Crc32Checksum(uint[] table) : S3Checksum
    {
        public static readonly uint[] Ieee = [.. BuildTable(0xEDB88320u).Select(v => (uint)v)];
        public static readonly uint[] Castagnoli = [.. BuildTable(0x82F63B78u).Select(v => (uint)v)];

        private uint _crc = uint.MaxValue;

        public override void Append(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                _crc = table[(_crc ^ b) & 0xFF] ^ (_crc >> 8);
            }
        }

        public override string FinishBase64()
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, ~_crc);
            return Convert.ToBase64String(bytes);
        }
    }

    private sealed class Crc64Checksum : S3Checksum
    {
        private static readonly ulong[] Table = BuildTable(0x9A6C9329AC4BC9B5UL);

        private ulong _crc = ulong.MaxValue;

        public override void Append(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                _crc = Table[(_crc ^ b) & 0xFF] ^ (_crc >> 8);
            }
        }

        public override string FinishBase64()
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, ~_crc);
            return Convert.ToBase64String(bytes);
        }
    }

    private sealed class HashChecksum(HashAlgorithmName algorithm) : S3Checksum
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(algorithm);

        public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

        public override string FinishBase64() => Convert.ToBase64String(_hash.GetHashAndReset());
    }
}
