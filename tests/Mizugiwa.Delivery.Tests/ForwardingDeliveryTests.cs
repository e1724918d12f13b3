using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Forwarding;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests;

/// <summary>Forwarding at final delivery, to local targets (remote ones: tests/Mizugiwa.IntegrationTests/ForwardingTests.cs with Postfix).</summary>
public sealed class ForwardingDeliveryTests : IAsyncLifetime
{
    private const string Alice = "alice@example.test";
    private const string Bob = "bob@example.test";
    private static readonly QueueManagerOptions Options = new(2, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = Messages.Clock();
    private readonly GroupCommitter _committer = new();
    private readonly Directory _directory = new();
    private readonly DecisionLog _decisions = new();
    private QueueManager? _manager;
    private FileSpool _spool = null!;

    private string MailRoot => Path.Combine(_dir.Path, "mail");
    private SenderRewriting Srs => new(Encoding.ASCII.GetBytes("forwarding test secret, 32 bytes"), _time);

    public async Task InitializeAsync()
    {
        _spool = new FileSpool(Path.Combine(_dir.Path, "spool"), _committer, _time, NullLogger<FileSpool>.Instance);
        var services = DeliveryServices.LocalOnly with { Directory = _directory, Forwarding = new ForwardingServices(_directory, Srs, 5), DecisionLog = _decisions };
        _manager = new QueueManager(_spool, MailRoot, Options, services, _time, NullLogger<QueueManager>.Instance);
        await _manager.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _manager!.StopAsync(CancellationToken.None);
        _manager.Dispose();
        _committer.Dispose();
        _dir.Dispose();
    }

    private string[] Inbox(string mailbox, string? folder = null)
    {
        var maildir = MaildirLayout.PathFor(MailRoot, mailbox);
        if (folder is not null) maildir = MaildirLayout.FolderPath(maildir, folder);
        var path = Path.Combine(maildir, "new");
        return System.IO.Directory.Exists(path) ? [.. System.IO.Directory.GetFiles(path).Select(File.ReadAllText)] : [];
    }

    private async Task DeliverAsync(string body, params EnvelopeRecipient[] recipients)
    {
        await using (var message = await _spool.CreateAsync(CancellationToken.None))
        {
            await message.Content.WriteAsync(Encoding.ASCII.GetBytes(body));
            var envelope = Messages.Envelope(message.QueueId);
            envelope.Recipients.AddRange(recipients);
            await message.CommitAsync(envelope, CancellationToken.None);
        }
        await _manager!.WaitForIdleAsync(CancellationToken.None).WaitAsync(Messages.Timeout);
    }

    private static EnvelopeRecipient To(string mailbox, string? folder = null, string? headers = null) =>
        new() { Address = mailbox, Mailbox = mailbox, Folder = folder, AddedHeaders = headers };

    [Fact]
    public async Task A_forwarded_copy_carries_Delivered_To_the_labels_and_an_SRS_sender_and_the_mailbox_keeps_a_copy()
    {
        _directory.Forward(Alice, [Bob], keepCopy: true);

        await DeliverAsync(Messages.Body("keep"), To(Alice, headers: "X-Spam-Score: 1.0\r\n"));

        var copy = Assert.Single(Inbox(Bob));
        var srs = Srs.Forward("sender@example.org", "example.test");
        Assert.StartsWith($"Return-Path: <{srs}>\r\nDelivered-To: {Alice}\r\nX-Spam-Score: 1.0\r\nSubject: keep\r\n", copy, StringComparison.Ordinal);
        Assert.StartsWith("SRS0=", srs, StringComparison.Ordinal);
        var kept = Assert.Single(Inbox(Alice));
        Assert.StartsWith("Return-Path: <sender@example.org>\r\nX-Spam-Score: 1.0\r\nSubject: keep", kept, StringComparison.Ordinal);
        var record = Assert.Single(_decisions.Records, r => r.Check == "forward");
        Assert.Equal($"forwarded to {Bob}", record.Reply);
        Assert.Contains($"sender=<{srs}>", record.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_keep_copy_the_mailbox_gets_nothing()
    {
        _directory.Forward(Alice, [Bob], keepCopy: false);

        await DeliverAsync(Messages.Body("gone"), To(Alice));

        Assert.Single(Inbox(Bob));
        Assert.Empty(Inbox(Alice));
    }

    [Fact]
    public async Task The_null_sender_stays_null()
    {
        _directory.Forward(Alice, [Bob], keepCopy: false);
        await using (var message = await _spool.CreateAsync(CancellationToken.None))
        {
            await message.Content.WriteAsync(Encoding.ASCII.GetBytes(Messages.Body("bounce")));
            await message.CommitAsync(new MessageEnvelope
            {
                QueueId = message.QueueId, ReceivedAt = _time.GetUtcNow(), ClientAddress = "192.0.2.1", Sender = "", Recipients = [To(Alice)],
            }, CancellationToken.None);
        }
        await _manager!.WaitForIdleAsync(CancellationToken.None).WaitAsync(Messages.Timeout);

        Assert.StartsWith("Return-Path: <>\r\nDelivered-To: ", Assert.Single(Inbox(Bob)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_that_already_went_through_the_mailbox_is_kept_there_and_not_forwarded_again()
    {
        _directory.Forward(Alice, [Bob], keepCopy: false);

        await DeliverAsync($"Delivered-To: {Alice.ToUpperInvariant()}\r\n" + Messages.Body("loop"), To(Alice));

        Assert.Empty(Inbox(Bob));
        Assert.Single(Inbox(Alice));
        Assert.Contains(_decisions.Records, r => r.Reply == "not forwarded" && r.Rule!.Contains("Delivered-To", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_Received_headers_is_a_loop_too()
    {
        _directory.Forward(Alice, [Bob], keepCopy: false);

        await DeliverAsync(string.Concat(Enumerable.Repeat("Received: from a by b; Thu, 1 Jan 2025 00:00:00 +0000\r\n", 6)) + Messages.Body("hops"), To(Alice));

        Assert.Empty(Inbox(Bob));
        Assert.Single(Inbox(Alice));
    }

    [Fact]
    public async Task Spam_held_in_Junk_is_not_forwarded()
    {
        _directory.Forward(Alice, [Bob], keepCopy: false);

        await DeliverAsync(Messages.Body("spam"), To(Alice, folder: "Junk", headers: "X-Spam-Flag: YES\r\n"));

        Assert.Empty(Inbox(Bob));
        Assert.Single(Inbox(Alice, "Junk"));
        Assert.Contains(_decisions.Records, r => r.Reply == "not forwarded" && r.Rule!.Contains("Junk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_mailboxes_forwarding_to_each_other_stop_after_one_round()
    {
        _directory.Forward(Alice, [Bob], keepCopy: false);
        _directory.Forward(Bob, [Alice], keepCopy: false);

        await DeliverAsync(Messages.Body("ping-pong"), To(Alice));

        // alice → bob → alice again, which sees its own Delivered-To and keeps the message
        Assert.Empty(Inbox(Bob));
        var kept = Assert.Single(Inbox(Alice));
        Assert.Contains($"Delivered-To: {Bob}", kept, StringComparison.Ordinal);
        Assert.Contains($"Delivered-To: {Alice}", kept, StringComparison.Ordinal);
    }

    private sealed class Directory : IForwardingDirectory, IRecipientDirectory
    {
        private readonly Dictionary<string, Core.Forwarding> _forwarding = new(StringComparer.OrdinalIgnoreCase);

        public void Forward(string mailbox, IReadOnlyList<string> targets, bool keepCopy) => _forwarding[mailbox] = new Core.Forwarding(targets, keepCopy);

        public ValueTask<Core.Forwarding> GetForwardingAsync(string mailbox, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_forwarding.GetValueOrDefault(mailbox, Core.Forwarding.None));

        public Task SetForwardingAsync(string address, IReadOnlyList<string> targets, bool keepCopy, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken) =>
            ValueTask.FromResult(address.Domain == "example.test"
                ? new RecipientResolution(RecipientStatus.Local, [address.ToString()])
                : RecipientResolution.NotLocal);
    }

    private sealed class DecisionLog : IDecisionLog
    {
        private readonly List<DecisionRecord> _records = [];

        public IReadOnlyList<DecisionRecord> Records
        {
            get { lock (_records) return [.. _records]; }
        }

        public void Record(DecisionRecord decision)
        {
            lock (_records) _records.Add(decision);
        }
    }
}
