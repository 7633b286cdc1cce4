using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Web.Features.Sandbox;

/// <summary>The cluster in a box, hosted inside the dashboard so a fresh run has clusters to protect.</summary>
public sealed class SandboxHostOptions : IConfigSection
{
    public static string SectionName => "Sandbox";

    /// <summary>Unset: on in Development (a fresh <c>dotnet run</c>), off elsewhere.</summary>
    public bool? Enabled { get; set; }

    /// <summary>HTTPS port of the sandbox API server on 127.0.0.1; 0 picks a free one at each start.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Relative to the data directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Directory { get; set; } = "sandbox";
}
