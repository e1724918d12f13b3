using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mizugiwa.Policy.Dns;

/// <summary>Registers the resolver (cached), the cache and FCrDNS as singletons.</summary>
public static class DnsServiceCollectionExtensions
{
    public static IServiceCollection AddMizugiwaDns(this IServiceCollection services, DnsResolverOptions resolverOptions, DnsCacheOptions? cacheOptions = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(resolverOptions);
        services.AddSingleton(cacheOptions ?? new DnsCacheOptions());
        services.AddSingleton<DnsResolver>();
        services.AddSingleton(sp => new DnsCache(sp.GetRequiredService<DnsCacheOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDnsResolver>(sp => new CachingDnsResolver(sp.GetRequiredService<DnsResolver>(), sp.GetRequiredService<DnsCache>()));
        services.AddSingleton<FcrDns>();
        return services;
    }
}
