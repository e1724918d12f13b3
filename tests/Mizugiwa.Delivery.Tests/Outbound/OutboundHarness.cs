using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Dsn;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests.Outbound;

/// <summary>
/// A queue manager with the outbound agent on a fake DNS and a fake transport, a fake directory
/// (example.test is local) and DSNs, on fake time starting when <see cref="Messages.Envelope"/> says the message arrived.
/// </summary>
internal sealed class OutboundHarness : IAsyncDisposable
{
    public static readonly QueueManagerOptions QueueOptions = new(4, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    private readonly TempDirectory _dir = new();
    private readonly GroupCommitter _committer = new();
    private QueueManager? _manager;

    public OutboundHarness(Func<OutboundOptions, OutboundOptions>? configure = null)
    {
        Options = configure?.Invoke(BaseOptions) ?? BaseOptions;
        Transport = new FakeTransport(Time);
        Dns.WithMx("remote.test", 10, "mx.remote.test", "127.0.0.3");
    }

    public static OutboundOptions BaseOptions { get; } = new() { HostName = "mx.example.test", Port = 2525 };

    public OutboundOptions Options { get; }
    public FakeTimeProvider Time { get; } = Messages.Clock();
    public FakeMxResolver Dns { get; } = new();
    public FakeTransport Transport { get; }
    public FakeDirectory Directory { get; } = new();
    public FileSpool Spool { get; private set; } = null!;
    public QueueManager Manager => _manager!;
    public string SpoolDirectory => Path.Combine(_dir.Path, "spool");
    public string MailRoot => Path.Combine(_dir.Path, "mail");
    public string Queue => Path.Combine(SpoolDirectory, "queue");

    public async Task<OutboundHarness> StartAsync(TimeSpan? scan = null)
    {
        Spool = new FileSpool(SpoolDirectory, _committer, Time, NullLogger<FileSpool>.Instance);
        var logger = NullLogger.Instance;
        var agent = new OutboundAgent(new MxPlanner(Dns, Options.Port, Options.Relay), Transport, new DestinationLimiter(Options.MaxConnectionsPerDestination), logger);
        var services = new DeliveryServices(Options, agent, Directory, new DsnSender(Spool, Directory, Options, Time, logger));
        _manager = new QueueManager(Spool, MailRoot, QueueOptions with { ScanInterval = scan ?? TimeSpan.Zero }, services, Time, NullLogger<QueueManager>.Instance);
        await _manager.StartAsync(CancellationToken.None);
        return this;
    }

    public Task IdleAsync() => Manager.WaitForIdleAsync(CancellationToken.None).WaitAsync(Messages.Timeout);

    /// <summary>Advances fake time step by step, letting the queue go idle after each step.</summary>
    public async Task AdvanceAsync(TimeSpan total, TimeSpan step)
    {
        for (var done = TimeSpan.Zero; done < total; done += step)
        {
            Time.Advance(step);
            await IdleAsync();
        }
    }

    public static string Content(string token) =>
        $"From: Alice <alice@example.test>\r\nTo: <bob@remote.test>\r\nSubject: {token}\r\nMessage-Id: <{token}@example.test>\r\n\r\nHello {token}.\r\n";

    public static EnvelopeRecipient Remote(string address, DsnNotify notify = DsnNotify.Unspecified, string? orcpt = null) =>
        new() { Address = address, Mailbox = address, Route = Routes.Mx, Notify = notify, OriginalRecipient = orcpt };

    /// <summary>Commits a message from <paramref name="sender"/>; returns its queue id.</summary>
    public async Task<string> CommitAsync(string token, string sender, IEnumerable<EnvelopeRecipient> recipients, string? envId = null, DsnReturn ret = DsnReturn.Unspecified)
    {
        await using var message = await Spool.CreateAsync(CancellationToken.None);
        await message.Content.WriteAsync(Encoding.ASCII.GetBytes(Content(token)));
        var envelope = Messages.Envelope(message.QueueId);
        await message.CommitAsync(new MessageEnvelope
        {
            QueueId = message.QueueId,
            ReceivedAt = envelope.ReceivedAt,
            ClientAddress = "127.0.0.1",
            Sender = sender,
            EnvId = envId,
            Ret = ret,
            Recipients = [.. recipients],
        }, CancellationToken.None);
        return message.QueueId;
    }

    /// <summary>The messages in a local mailbox's new/ ("example.test/alice" or "postmaster"), parsed.</summary>
    public IReadOnlyList<MimeMessage> Mailbox(string path)
    {
        var dir = Path.Combine(MailRoot, path, "new");
        return !System.IO.Directory.Exists(dir) ? [] : [.. System.IO.Directory.GetFiles(dir).Order().Select(f => MimeMessage.Load(f))];
    }

    public string[] QueueFiles() => System.IO.Directory.Exists(Queue) ? System.IO.Directory.GetFiles(Queue) : [];

    public async ValueTask DisposeAsync()
    {
        if (_manager is not null)
        {
            await _manager.StopAsync(CancellationToken.None);
            _manager.Dispose();
        }
        _committer.Dispose();
        _dir.Dispose();
    }
}
