using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Checks;

using Mizugiwa.Testing;

namespace Mizugiwa.Milter.Tests.Support;

/// <summary>A <see cref="MilterConnectionHandler"/> behind Kestrel on 127.0.0.1, on a port the system chose (port 0).</summary>
internal sealed class MilterTestServer : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly WebApplication _app;

    private MilterTestServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Our name mx.example.test; an Authentication-Results value that starts with it claims to be ours.</summary>
    public static MilterOptions DefaultOptions { get; } = new()
    {
        HostName = "mx.example.test",
        ClaimsOurAuthServId = value => value.TrimStart().StartsWith("mx.example.test;", StringComparison.OrdinalIgnoreCase),
    };
    public RecordingDecisionLog Decisions { get; private init; } = new();
    public ListLogger<MilterConnectionHandler> Logger { get; private init; } = new();

    public static async Task<MilterTestServer> StartAsync(IContentFilter? filter, MilterOptions? options = null, TimeProvider? time = null,
        IRecipientDirectory? directory = null, CancellationToken stopping = default)
    {
        var decisions = new RecordingDecisionLog();
        var logger = new ListLogger<MilterConnectionHandler>();
        var handler = new MilterConnectionHandler(filter, directory ?? new FakeDirectory(), options ?? DefaultOptions,
            decisions, time ?? TimeProvider.System, logger, stopping);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(_ => handler.OnConnectedAsync)));
        var app = builder.Build();
        using var limit = new CancellationTokenSource(Timeout);
        await app.StartAsync(limit.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new MilterTestServer(app, new Uri(address).Port) { Decisions = decisions, Logger = logger };
    }

    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(Timeout);
        await _app.StopAsync(limit.Token);
        await _app.DisposeAsync();
    }

    /// <summary>Waits (bounded) for <paramref name="count"/> transaction-log records, written after the log line.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> WaitForDecisionsAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Decisions.Records.Count < count)
        {
            try { await Task.Delay(20, limit.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"{Decisions.Records.Count} of {count} decision(s) recorded within 10 s"); }
        }
        return Decisions.Records;
    }

    /// <summary>Waits (bounded) for a log line, since the server logs after it has answered.</summary>
    public async Task<string> WaitForLogAsync(Func<string, bool> match)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (Logger.Lines.Select(l => l.Message).FirstOrDefault(match) is { } line) return line;
            try { await Task.Delay(20, limit.Token); }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no such log line within 10 s; the log:\n{string.Join("\n", Logger.Lines.Select(l => $"{l.Level}: {l.Message}"))}");
            }
        }
    }
}
