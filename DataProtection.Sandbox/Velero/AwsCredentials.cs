namespace DataProtection.Sandbox.Velero;

/// <summary>Reads an AWS shared-credentials file, the format of the <c>cloud</c> key that <c>velero install</c> writes.</summary>
internal static class AwsCredentials
{
    public static (string AccessKey, string SecretKey)? Parse(string text, string profile)
    {
        string? section = null, accessKey = null, secretKey = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1].Trim();
                continue;
            }
            var eq = line.IndexOf('=');
            if (section != profile || eq < 0)
                continue;
            var (key, value) = (line[..eq].Trim(), line[(eq + 1)..].Trim());
            if (key == "aws_access_key_id")
                accessKey = value;
            else if (key == "aws_secret_access_key")
                secretKey = value;
        }
        return accessKey is not null && secretKey is not null ? (accessKey, secretKey) : null;
    }
}
