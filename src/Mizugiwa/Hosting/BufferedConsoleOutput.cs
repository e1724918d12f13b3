namespace Mizugiwa.Hosting;

/// <summary>
/// Standard output through a buffer that is flushed every <see cref="FlushInterval"/> and at exit,
/// instead of one write system call per log line: with several decision lines per message the
/// per-line flush cost most of a millisecond of CPU per message. A hard kill can lose the last
/// fraction of a second of log lines (never mail: the queue does not depend on the log).
/// </summary>
internal sealed class BufferedConsoleOutput : IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly TextWriter _original = Console.Out;
    private readonly TextWriter _buffered;
    private readonly Timer _timer;

    private BufferedConsoleOutput()
    {
        var writer = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
        _buffered = TextWriter.Synchronized(writer);
        Console.SetOut(_buffered);
        _timer = new Timer(_ => Flush(), null, FlushInterval, FlushInterval);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Flush();
    }

    /// <summary>Switches standard output to the buffer until disposed.</summary>
    public static BufferedConsoleOutput Install() => new();

    private void Flush()
    {
        try
        {
            _buffered.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Nobody is reading our output any more; the log is lost, the mail is not.
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
        Console.SetOut(_original);
    }
}
