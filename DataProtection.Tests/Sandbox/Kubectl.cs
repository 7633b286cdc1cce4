using System.Diagnostics;

namespace DataProtection.Tests.Sandbox;

public sealed record KubectlResult(int ExitCode, string Output, string Error)
{
    public KubectlResult ShouldSucceed()
    {
        ExitCode.ShouldBe(0, $"kubectl failed: {Error}");
        return this;
    }
}

/// <summary>Runs the real kubectl against the sandbox's kubeconfig, bounded in time.</summary>
public sealed class Kubectl(string kubeconfig, string cacheDirectory)
{
    /// <summary>Runs a command line split on spaces (no quoting); use <see cref="RunArgsAsync"/> for arguments with spaces.</summary>
    public Task<KubectlResult> RunAsync(string commandLine, string? input = null) =>
        RunArgsAsync(input, commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public async Task<KubectlResult> RunArgsAsync(string? input, params string[] arguments)
    {
        using var process = Start(arguments);
        if (input is not null)
            await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new KubectlResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts a long-running kubectl (e.g. <c>get -w</c>) that the caller reads and stops.</summary>
    public Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(cacheDirectory);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["KUBECONFIG"] = kubeconfig;
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }
}
