using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Core.Data;

public sealed class DataOptions : IConfigSection
{
    public static string SectionName => "Data";

    /// <summary>Where the databases and the key ring live; relative paths are taken from the content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Directory { get; set; } = "data";
}
