using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataProtection.Core.Common;

public static class OptionsExtensions
{
    /// <summary>Binds <typeparamref name="T"/> to its section and validates it when the host starts.</summary>
    public static OptionsBuilder<T> AddConfigSection<T>(this IServiceCollection services) where T : class, IConfigSection
    {
        services.AddSingleton<IValidateOptions<T>, SectionOptionsValidator<T>>();
        return services.AddOptions<T>().BindConfiguration(T.SectionName).ValidateOnStart();
    }
}
