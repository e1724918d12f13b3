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
        services.AddSingleton(_ => OpenStore(options));
        services.AddSingleton(sp => new RuntimeSettingsWatcher(sp.GetRequiredService<ISettingsStore>(), options, sp.GetRequiredService<Greylister>(),
            sp.GetRequiredService<Mizugiwa.Content.Scoring.ContentScanner>(),
            sp.GetRequiredService<Mizugiwa.Policy.Harvest.HarvestGuard>(), sp.GetRequiredService<Mizugiwa.Policy.Flow.FlowControl>(), time,
            sp.GetRequiredService<ILogger<RuntimeSettingsWatcher>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RuntimeSettingsWatcher>());
    }

    public static ISettingsStore OpenStore(MizugiwaOptions options) => options.Log.UsesPostgres
        ? new PostgresSettingsStore(options.Log.ConnectionString!)
        : new SqliteSettingsStore(options.DatabasePath);

    /// <summary>
    /// The options as the running servers use them (the saved runtime settings applied), for CLI commands
    /// that show limits; when the settings cannot be read, the configuration as it is, with a warning.
    /// </summary>
    public static async Task<MizugiwaOptions> EffectiveForCliAsync(MizugiwaOptions options)
    {
        var store = OpenStore(options);
        try
        {
            return RuntimeSettings.Effective(options, await store.ListAsync());
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: warning: the saved runtime settings could not be read ({e.Message}); showing the configured values");
            return options;
        }
        finally
        {
            if (store is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
    }
}
