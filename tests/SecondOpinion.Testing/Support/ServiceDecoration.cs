using Microsoft.Extensions.DependencyInjection;

namespace SecondOpinion.Tests.Support;

public static class ServiceDecoration
{
    /// <summary>Wraps the registered singleton <typeparamref name="T"/> (a fault injector around the real adapter, say).</summary>
    public static IServiceCollection Decorate<T>(this IServiceCollection services, Func<IServiceProvider, T, T> wrap) where T : class
    {
        var registered = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(registered);
        services.AddSingleton(sp => wrap(sp, registered.ImplementationFactory is { } factory ? (T)factory(sp)
            : registered.ImplementationInstance is T instance ? instance
            : (T)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
        return services;
    }
}
