using Microsoft.Extensions.DependencyInjection;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Policy.Dnsbl;

/// <summary>
/// Registers <see cref="DnsblLookup"/> and <see cref="DnsblCheck"/> (needs
/// <see cref="DnsServiceCollectionExtensions.AddMizugiwaDns"/>). The pipeline places the check among its
/// connect and RCPT checks in its own cost order, so it is not registered under those interfaces here.
/// </summary>
public static class DnsblServiceCollectionExtensions
{
    public static IServiceCollection AddMizugiwaDnsbl(this IServiceCollection services, DnsblCheckOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new DnsblLookup(sp.GetRequiredService<IDnsResolver>(), options.Zones));
        services.AddSingleton<DnsblCheck>();
        return services;
    }
}
