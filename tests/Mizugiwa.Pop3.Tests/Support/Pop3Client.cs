using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Mizugiwa.Pop3.Tests.Support;

/// <summary>The client end of a harness session: raw lines out, lines in, every wait bounded.</summary>
internal sealed class Pop3Client(PipeWriter output, PipeReader input, Task session)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public Task Session { get; } = session;

    public async Task SendAsync(string text)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadLineAsync();
    }

    /// <summary>The next line without its CRLF; null when the server closed the connection. Asserts that lines end in CRLF.</summary>
    public async Task<string?> ReadLineOrEndAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var result = await input.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            var lf = buffer.PositionOf((byte)'\n');
            if (lf is not null)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, lf.Value));
                input.AdvanceTo(buffer.GetPosition(1, lf.Value));
                Assert.EndsWith("\r", line);
                return line[..^1];
            }
            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async Task<string> ReadLineAsync() => await ReadLineOrEndAsync() ?? throw new InvalidOperationException("server closed the connection");

    /// <summary>The lines of a multi-line reply up to (not including) the terminating ".", still byte-stuffed.</summary>
    public async Task<List<string>> ReadBodyAsync()
    {
        var lines = new List<string>();
        for (var line = await ReadLineAsync(); line != "."; line = await ReadLineAsync()) lines.Add(line);
        return lines;
    }

    /// <summary>The status line of a multi-line command and its lines.</summary>
    public async Task<(string Status, List<string> Lines)> MultilineAsync(string command)
    {
        var status = await CommandAsync(command);
        return (status, status.StartsWith("+OK", StringComparison.Ordinal) ? await ReadBodyAsync() : []);
    }

    /// <summary>Waits (bounded) until the session has ended.</summary>
    public async Task EndedAsync() => await Session.WaitAsync(Wait);
}
