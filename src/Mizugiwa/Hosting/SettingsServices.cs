using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Policy.Greylist;
using Mizugiwa.Storage.Settings;

namespace Mizugiwa.Hosting;

/// <summary>
/// The runtime settings store (this node's SQLite database, or the PostgreSQL database of the
/// transaction log that all nodes share) and the watcher that applies it.
/// </summary>
internal static class SettingsServices
{
    public static void Add(IServiceCollection services, MizugiwaOptions options, TimeProvider time)
    {
        services.AddSingleton<ISettingsStore>(_ => options.Log.UsesPostgres
            ? new PostgresSettingsStore(options.Log.ConnectionString!)
            : new SqliteSettingsStore(options.DatabasePath));
        services.AddSingleton(sp => new RuntimeSettingsWatcher(sp.GetRequiredService<ISettingsStore>(), options, sp.GetRequiredService<Greylister>(),
            sp.GetRequiredService<Mizugiwa.Content.Scoring.ContentScanner>(),
            sp.GetRequiredService<Mizugiwa.Policy.Harvest.HarvestGuard>(), time,
            sp.GetRequiredService<ILogger<RuntimeSettingsWatcher>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RuntimeSettingsWatcher>());
    }
}
