using System.Text;

namespace DataProtection.Sandbox.ObjectStore;

/// <param name="Marker">The last entry (key or common prefix) already returned; the listing resumes after it.</param>
internal sealed record ListingRequest(string Prefix, string? Delimiter, int MaxKeys, string? Marker, string? StartAfter);

internal sealed record ListingPage(IReadOnlyList<ObjectRecord> Contents, IReadOnlyList<string> CommonPrefixes, bool IsTruncated,
    string? NextContinuationToken);

/// <summary>ListObjectsV2 over a key-sorted sequence: each common prefix counts once against max-keys (WIRE.md §1.2).</summary>
internal static class ObjectListing
{
    public const int DefaultMaxKeys = 1000;

    public static ListingPage List(IEnumerable<ObjectRecord> sortedByKey, ListingRequest request)
    {
        if (request.MaxKeys == 0)
        {
            return new ListingPage([], [], false, null);
        }
        var marker = request.Marker;
        var contents = new List<ObjectRecord>();
        var prefixes = new List<string>();
        string? last = null;
        foreach (var record in sortedByKey)
        {
            if (!record.Key.StartsWith(request.Prefix, StringComparison.Ordinal)
                || (request.StartAfter is not null && string.CompareOrdinal(record.Key, request.StartAfter) <= 0))
            {
                continue;
            }
            var entry = EntryFor(record.Key, request.Prefix, request.Delimiter);
            // Keys under an already returned common prefix map to that same entry, so one comparison skips them all.
            if ((marker is not null && string.CompareOrdinal(entry, marker) <= 0) || entry == last)
            {
                continue;
            }
            if (contents.Count + prefixes.Count >= request.MaxKeys)
            {
                return new ListingPage(contents, prefixes, true, last is null ? null : EncodeToken(last));
            }
            if (entry == record.Key)
            {
                contents.Add(record);
            }
            else
            {
                prefixes.Add(entry);
            }
            last = entry;
        }
        return new ListingPage(contents, prefixes, false, null);
    }

    private static string EntryFor(string key, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(delimiter))
        {
            return key;
        }
        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? key : key[..(at + delimiter.Length)];
    }

    public static string EncodeToken(string marker) => Convert.ToBase64String(Encoding.UTF8.GetBytes(marker));

    public static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3Exception.InvalidArgument("The continuation token provided is incorrect");
        }
    }
}
