namespace DataProtection.Core.Restores;

/// <summary>
/// An item's place in the tarball (FORMAT.md §3.2): <c>resources/&lt;resource.group&gt;/[&lt;versionDir&gt;/]cluster/&lt;name&gt;.json</c> or
/// <c>…/namespaces/&lt;ns&gt;/&lt;name&gt;.json</c>. <see cref="VersionDir"/> is null on the legacy path.
/// </summary>
public sealed record ArchivePath(string Resource, string? VersionDir, string? Namespace, string Name)
{
    public bool IsPreferred => VersionDir?.EndsWith("-preferredversion", StringComparison.Ordinal) == true;

    public bool IsLegacy => VersionDir is null;

    /// <summary>The identity of the item whatever path it was written under.</summary>
    public (string Resource, string? Namespace, string Name) Key => (Resource, Namespace, Name);

    /// <summary>
    /// Null for entries that are not items (e.g. <c>metadata/version</c>); throws <see cref="BackupArchiveException"/> for paths
    /// no Velero writes and an extractor could be tricked by: absolute, <c>..</c>, backslashes, NUL and control characters.
    /// </summary>
    public static ArchivePath? Parse(string path, int maxLength)
    {
        var parts = Check(path, maxLength);
        if (parts.Length < 4 || parts[0] != "resources" || !parts[^1].EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }
        var resource = parts[1];
        var rest = parts.AsSpan(2);
        string? version = null;
        if (rest.Length > 0 && rest[0] is not ("cluster" or "namespaces"))
        {
            version = rest[0];
            rest = rest[1..];
        }
        var file = parts[^1][..^".json".Length];
        return rest switch
        {
            ["cluster", _] when file.Length > 0 => new ArchivePath(resource, version, null, file),
            ["namespaces", var ns, _] when ns.Length > 0 && file.Length > 0 => new ArchivePath(resource, version, ns, file),
            _ => null,
        };
    }

    // One pass over the characters and one split: this runs for every entry of archives with hundreds of thousands.
    private static string[] Check(string path, int maxLength)
    {
        string? problem = null;
        if (path.Length == 0)
            problem = "an empty name";
        else if (path.Length > maxLength)
            problem = $"a name longer than {maxLength} characters";
        else if (path[0] == '/' || (path.Length > 1 && path[1] == ':'))
            problem = "an absolute path";
        else
        {
            foreach (var c in path)
            {
                problem = c switch
                {
                    '\0' => "a NUL byte in its name",
                    '\\' => "a backslash in its name",
                    _ when char.IsControl(c) => "a control character in its name",
                    _ => null,
                };
                if (problem is not null)
                    break;
            }
        }
        var parts = problem is null ? path.Split('/') : [];
        foreach (var part in parts)
        {
            problem = part switch
            {
                ".." or "." => "a '..' or '.' segment",
                "" when !ReferenceEquals(part, parts[^1]) => "an empty path segment",
                _ => null,
            };
            if (problem is not null)
                break;
        }
        return problem is null
            ? parts
            : throw new BackupArchiveException($"The backup archive has an entry with {problem} ({Printable(path)}); it was not read.");
    }

    internal static string Printable(string path)
    {
        var shown = new string([.. path.Take(120).Select(c => char.IsControl(c) ? '?' : c)]);
        return path.Length > 120 ? shown + "…" : shown;
    }
}
