using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Smtp.Tests.Support;

namespace Mizugiwa.Smtp.Tests;

/// <summary>Sessions over a live pipe whose writer stays open, as a real connection does.</summary>
public sealed class LivePipeTests
{
    [Theory]
    [InlineData("EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n")]
    [InlineData("EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\nBDAT 3 LAST\r\nx\r\nQUIT\r\n")]
    public async Task Command_pipelined_after_the_message_is_answered_without_more_input(string sent)
    {
        var input = new Pipe();
        var output = new Pipe();
        var options = new SmtpSessionOptions { HostName = "mx.example.test" };
        var services = new SmtpServices(options, new FakeDirectory(), new InMemorySpool(), new FakeTimeProvider(), NullLogger.Instance, CancellationToken.None);
        var transport = new SmtpTransport(new TestDuplexPipe(input.Reader, output.Writer), TimeProvider.System, CancellationToken.None);
        var session = new SmtpSession(transport, new IPEndPoint(IPAddress.Loopback, 1), "t", services).RunAsync();

        await input.Writer.WriteAsync(Encoding.ASCII.GetBytes(sent)); // the writer is not completed
        await session.WaitAsync(TimeSpan.FromSeconds(10));

        await output.Writer.CompleteAsync();
        var transcript = Encoding.ASCII.GetString((await output.Reader.ReadAsync()).Buffer);
        Assert.EndsWith("221 2.0.0 Bye\r\n", transcript);
    }
}
