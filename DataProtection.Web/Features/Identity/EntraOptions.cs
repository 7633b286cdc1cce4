using System.ComponentModel.DataAnnotations;
using DataProtection.Core.Common;

namespace DataProtection.Web.Features.Identity;

/// <summary>The AzureAd section read by Microsoft.Identity.Web; validated here so a half-done setup fails at start.</summary>
public sealed class EntraOptions : IConfigSection, IValidatableObject
{
    public static string SectionName => "AzureAd";

    public string? Instance { get; set; }

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(TenantId))
        {
            yield return new ValidationResult("is required when AzureAd:ClientId is set (your directory's tenant id).", [nameof(TenantId)]);
        }
        if (!Uri.TryCreate(Instance, UriKind.Absolute, out var instance) || instance.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult("must be an https URL such as https://login.microsoftonline.com/.", [nameof(Instance)]);
        }
        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            yield return new ValidationResult("is required when AzureAd:ClientId is set (the app registration's client secret; set it through the environment variable AzureAd__ClientSecret).", [nameof(ClientSecret)]);
        }
    }
}
