using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Content.Scoring;
using Mizugiwa.Policy.Greylist;
using Mizugiwa.Storage.Settings;

namespace Mizugiwa.Hosting;

/// <summary>
/// Reads the saved runtime settings every <see cref="PollInterval"/> (and at once after a change on
/// this node) and hands the effective values to the components that honour them live, so a change
/// saved on one node reaches every node sharing the settings database within one interval.
/// </summary>
internal sealed class RuntimeSettingsWatcher(ISettingsStore store, MizugiwaOptions configured, Greylister greylister, ContentScanner content,
    Policy.Harvest.HarvestGuard harvest, Policy.Flow.FlowControl flow, TimeProvider time,
    ILogger<RuntimeSettingsWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private volatile Snapshot _current = new(configured, []);

    /// <summary>The effective options and the saved settings they came from.</summary>
    public sealed record Snapshot(MizugiwaOptions Effective, IReadOnlyList<SettingEntry> Saved);

    public Snapshot Current => _current;

    public MizugiwaOptions Configured => configured;

    public ISettingsStore Store => store;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var saved = await store.ListAsync(cancellationToken);
        var effective = RuntimeSettings.Effective(configured, saved);
        greylister.Reconfigure(PolicyServices.GreylistOptionsFrom(effective.Checks.Rgrey));
        content.Reconfigure(ContentServices.Scoring(effective.Content));
        harvest.Reconfigure(PolicyServices.HarvestOptionsFrom(effective.Checks));
        flow.Reconfigure(PolicyServices.FlowOptionsFrom(effective.Checks));
        _current = new Snapshot(effective, saved);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("runtime settings: reading the saved settings failed, keeping the current values: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
