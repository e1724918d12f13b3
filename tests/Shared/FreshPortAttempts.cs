namespace Mizugiwa.Testing;

/// <summary>How one start of a test server on one port ended: <see cref="Server"/>, or why not.</summary>
public sealed record StartAttempt<T>(T? Server, string Failure, bool TryAnotherPort) where T : class;

/// <summary>The ways a start on one port ends.</summary>
public static class StartAttempt
{
    public static StartAttempt<T> Started<T>(T server) where T : class => new(server, "", false);

    /// <summary>It did not start in a way a new port can cure (the port was taken, or the fixture retries any failure).</summary>
    public static StartAttempt<T> Retry<T>(string why) where T : class => new(null, why, true);

    /// <summary>It did not start, and a new port would not help (a bad configuration, a timeout).</summary>
    public static StartAttempt<T> Fatal<T>(string why) where T : class => new(null, why, false);
}

/// <summary>
/// Starts a test server on a port from <see cref="FreePorts"/>, and again on a new one when the start failed
/// because the port was taken: between FreePorts releasing a port and the server binding it, any socket of
/// the machine (the other test projects run at the same time) can get it. Bounded: gives up, with the last
/// failure, after a few ports.
/// </summary>
public static class FreshPortAttempts
{
    public const int DefaultAttempts = 5;

    /// <param name="server">Names the server in the error.</param>
    /// <param name="attempt">Starts the server on the given port, or says why it did not (and stops what it started).</param>
    /// <param name="choosePort">Where ports come from: <see cref="FreePorts.Next"/> unless a test says otherwise.</param>
    public static async Task<T> StartAsync<T>(string server, Func<int, Task<StartAttempt<T>>> attempt, Func<int>? choosePort = null, int attempts = DefaultAttempts)
        where T : class
    {
        choosePort ??= FreePorts.Next;
        for (var number = 1; ; number++)
        {
            var port = choosePort();
            var result = await attempt(port);
            if (result.Server is { } started) return started;
            if (!result.TryAnotherPort)
                throw new InvalidOperationException($"{server} did not start on 127.0.0.1:{port}: {result.Failure}");
            if (number >= attempts)
                throw new InvalidOperationException($"{server} did not start on any of {attempts} fresh ports; the last attempt, on 127.0.0.1:{port}: {result.Failure}");
        }
    }
}
