using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mizugiwa.Smtp.Tests.Support;

/// <summary>Runs one session over in-memory pipes against a transcript of client input.</summary>
internal sealed class SessionHarness
{
    public InMemorySpool Spool { get; } = new();
    public FakeTimeProvider Time { get; } = new();
    public SmtpSessionOptions Options { get; set; } = new() { HostName = "mx.example.test", ErrorDelayStep = TimeSpan.Zero };
    /// <summary>AUTH services; null (the default) means AUTH is never offered.</summary>
    public Sasl.SmtpAuthServices? Auth { get; set; }
    public Microsoft.Extensions.Logging.ILogger Logger { get; set; } = NullLogger.Instance;
    /// <summary>SRS reversal at RCPT; null (the default) means SRS0 addresses are unknown users.</summary>
    public Core.SenderRewriting? Srs { get; set; }

    public Task<string> RunAsync(string input, IReadOnlyList<int>? boundaries = null) =>
        RunAsync(Encoding.UTF8.GetBytes(input), boundaries);

    public Task<string> RunAsync(byte[] input, IReadOnlyList<int>? boundaries = null) => RunAsync(input, boundaries, IPAddress.Loopback);

    /// <summary>Runs a session from <paramref name="client"/>; with <paramref name="started"/> the caller can see it running (e.g. to move the fake clock).</summary>
    public async Task<string> RunAsync(byte[] input, IReadOnlyList<int>? boundaries, IPAddress client, TaskCompletionSource? started = null)
    {
        var output = new Pipe();
        var duplex = new TestDuplexPipe(new ScriptedPipeReader(input, boundaries ?? []), output.Writer);
        var services = new SmtpServices(Options, new FakeDirectory(), Spool, Time, Logger, CancellationToken.None, auth: Auth) { Srs = Srs };
        await using (var transport = new SmtpTransport(duplex, Time, CancellationToken.None))
        {
            var session = new SmtpSession(transport, new IPEndPoint(client, 40000), "test", services);
            var run = session.RunAsync();
            started?.TrySetResult();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        await output.Writer.CompleteAsync();
        var result = await output.Reader.ReadAsync();
        return Encoding.UTF8.GetString(result.Buffer);
    }

    /// <summary>The reply codes in order, one per reply (continuation lines are skipped).</summary>
    public static string[] Codes(string transcript) =>
        transcript.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where(l => l.Length > 3 && l[3] == ' ').Select(l => l[..3]).ToArray();
}
