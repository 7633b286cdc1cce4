using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace DataProtection.Web;

public static class ConfigurationExtensions
{
    /// <summary>
    /// The base configuration is the repository root's appsettings.json, linked into the build output. When the content root
    /// has no appsettings.json of its own (a `dotnet run` from the source tree), it is read from beside the binaries, in the same
    /// place among the sources, so appsettings.{Environment}.json and environment variables still override it.
    /// </summary>
    public static WebApplicationBuilder UseRootAppSettings(this WebApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")))
        {
            return builder;
        }

        IConfigurationBuilder configuration = builder.Configuration;
        var sources = configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" });
        if (index < 0)
        {
            return builder;
        }

        var original = (JsonConfigurationSource)sources[index];
        sources[index] = new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = false,
            ReloadOnChange = original.ReloadOnChange,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        return builder;
    }
}
