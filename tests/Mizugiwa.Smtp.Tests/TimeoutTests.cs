using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Smtp.Tests.Support;

namespace Mizugiwa.Smtp.Tests;

/// <summary>RFC 5321 §4.5.3.2 timeouts, driven by a fake clock over a live pipe the client never writes to.</summary>
public sealed class TimeoutTests
{
    private static async Task<(string Transcript, bool EndedBeforeTimeout)> RunSilentClientAsync(string sent, int expectedReplies, TimeSpan advanceBefore, TimeSpan advanceAfter)
    {
        var time = new FakeTimeProvider();
        var input = new Pipe();
        var output = new Pipe();
        var options = new SmtpSessionOptions { HostName = "mx.example.test", CommandTimeout = TimeSpan.FromMinutes(5), DataTimeout = TimeSpan.FromMinutes(3) };
        var services = new SmtpServices(options, new FakeDirectory(), new InMemorySpool(), time, NullLogger.Instance, CancellationToken.None);
        var transport = new SmtpTransport(new TestDuplexPipe(input.Reader, output.Writer), time, CancellationToken.None);
        var session = new SmtpSession(transport, new IPEndPoint(IPAddress.Loopback, 1), "t", services).RunAsync();

        await input.Writer.WriteAsync(Encoding.ASCII.GetBytes(sent));
        // Wait (bounded) until the session has answered everything it was sent and waits for input.
        var seen = new StringBuilder();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (SessionHarness.Codes(seen.ToString()).Length < expectedReplies && DateTime.UtcNow < deadline)
        {
            var read = await output.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            seen.Append(Encoding.UTF8.GetString(read.Buffer));
            output.Reader.AdvanceTo(read.Buffer.End);
        }
        time.Advance(advanceBefore);
        bool endedEarly = session.IsCompleted;
        time.Advance(advanceAfter);
        await session.WaitAsync(TimeSpan.FromSeconds(10));
        await output.Writer.CompleteAsync();
        var rest = await output.Reader.ReadAsync();
        seen.Append(Encoding.UTF8.GetString(rest.Buffer));
        return (seen.ToString(), endedEarly);
    }

    [Fact]
    public async Task Idle_client_gets_421_after_the_command_timeout()
    {
        var (transcript, early) = await RunSilentClientAsync("EHLO c\r\n", 2, TimeSpan.FromMinutes(4.9), TimeSpan.FromMinutes(0.2));
        Assert.False(early);
        Assert.EndsWith("421 4.4.2 Error: timeout exceeded\r\n", transcript);
    }

    [Fact]
    public async Task Client_silent_in_data_gets_421_after_the_data_timeout()
    {
        var (transcript, early) = await RunSilentClientAsync(
            "EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\npartial line", 5, TimeSpan.FromMinutes(2.9), TimeSpan.FromMinutes(0.2));
        Assert.False(early);
        Assert.Contains("354 ", transcript);
        Assert.EndsWith("421 4.4.2 Error: timeout exceeded\r\n", transcript);
    }
}
