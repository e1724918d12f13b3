using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Policy.PolicyDelegation;
using Mizugiwa.Testing;

namespace Mizugiwa.Policy.Tests.PolicyDelegation;

/// <summary>One connection to a <see cref="PolicyConnectionHandler"/> over in-memory pipes; every wait is bounded.</summary>
internal sealed class PolicyConnectionHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Pipe _toServer = new();
    private readonly Pipe _fromServer = new();
    private readonly Task _handler;
    private readonly StringBuilder _received = new();

    public PolicyConnectionHarness(FakePolicy policy, PolicyDelegationOptions? options = null)
    {
        var handler = new PolicyConnectionHandler(new PolicyEvaluator(policy), Decisions, options ?? new PolicyDelegationOptions(),
            TimeProvider.System, Logger);
        var connection = new DefaultConnectionContext("c1", new DuplexPipe(_toServer.Reader, _fromServer.Writer), new DuplexPipe(_fromServer.Reader, _toServer.Writer));
        _handler = Task.Run(async () =>
        {
            try { await handler.OnConnectedAsync(connection); }
            finally { await _fromServer.Writer.CompleteAsync(); }
        });
    }

    public RecordingDecisionLog Decisions { get; } = new();
    public ListLogger<PolicyConnectionHandler> Logger { get; } = new();

    public async Task SendAsync(string text) => await _toServer.Writer.WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task CloseInputAsync() => await _toServer.Writer.CompleteAsync();

    /// <summary>The next reply's action (the text after "action="); null when the server closed the connection.</summary>
    public async Task<string?> ReadActionAsync()
    {
        using var limit = new CancellationTokenSource(Timeout);
        while (true)
        {
            var text = _received.ToString();
            var end = text.IndexOf("\n\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _received.Remove(0, end + 2);
                var line = text[..end];
                Assert.StartsWith("action=", line);
                Assert.DoesNotContain('\n', line);
                return line["action=".Length..];
            }
            var result = await _fromServer.Reader.ReadAsync(limit.Token);
            foreach (var segment in result.Buffer) _received.Append(Encoding.UTF8.GetString(segment.Span));
            _fromServer.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted && result.Buffer.IsEmpty) return null;
        }
    }

    /// <summary>Waits (bounded) until the handler has closed the connection.</summary>
    public async Task WaitClosedAsync(TimeSpan? timeout = null) => await _handler.WaitAsync(timeout ?? Timeout);

    public bool IsClosed => _handler.IsCompleted;

    public async ValueTask DisposeAsync()
    {
        await _toServer.Writer.CompleteAsync();
        await _handler.WaitAsync(Timeout);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }
}
