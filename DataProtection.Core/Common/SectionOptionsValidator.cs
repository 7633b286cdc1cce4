using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Common;

/// <summary>An options class bound from one configuration section.</summary>
public interface IConfigSection
{
    static abstract string SectionName { get; }
}

/// <summary>
/// Runs data annotations and <see cref="IValidatableObject"/> rules and reports every failure with its full
/// configuration key (for example <c>Accounts:LockoutThreshold</c>), so a bad setting names what to fix.
/// </summary>
public sealed class SectionOptionsValidator<T> : IValidateOptions<T> where T : class, IConfigSection
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        if (results.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = results.Select(r =>
        {
            var member = r.MemberNames.FirstOrDefault() ?? "";
            return $"{T.SectionName}:{member}: {r.ErrorMessage}";
        });
        return ValidateOptionsResult.Fail(failures);
    }
}
