namespace DataProtection.Sandbox;

public sealed record SandboxOptions(int Port, string DataDirectory)
{
    public static SandboxOptions Parse(string[] args)
    {
        var port = 0;
        var data = Path.Combine(Environment.CurrentDirectory, "sandbox-data");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p is >= 0 and <= 65535:
                    port = p;
                    i++;
                    break;
                case "--data" when i + 1 < args.Length:
                    data = Path.GetFullPath(args[++i]);
                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete argument '{args[i]}'. Usage: --port <0-65535> --data <directory>");
            }
        }
        return new SandboxOptions(port, data);
    }
}
