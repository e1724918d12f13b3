using System.Diagnostics;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>Waits for something another process does, looking every 50 ms, and fails with a message after a bound.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> done, TimeSpan within, string failure)
    {
        var waited = Stopwatch.StartNew();
        while (!done())
        {
            if (waited.Elapsed > within) Assert.Fail($"not within {within}: {failure}");
            await Task.Delay(ServerProcess.PollInterval);
        }
    }
}
