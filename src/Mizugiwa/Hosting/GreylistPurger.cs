using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Policy.Greylist;

namespace Mizugiwa.Hosting;

/// <summary>Removes expired greylist entries once an hour, so the database does not grow for ever.</summary>
internal sealed class GreylistPurger(Greylister greylister, TimeProvider time, ILogger<GreylistPurger> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await greylister.PurgeAsync(stoppingToken);
                if (removed > 0) logger.LogInformation("greylist: purged {Count} expired entries", removed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("greylist: purge failed: {Error}", e.Message);
            }
        }
    }
}
