using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Outbound;

/// <summary>Relayed recipients (gateway mode) get the headers the content level added for them, and their Subject tag, as local recipients do.</summary>
public sealed class RecipientCopyTests : IDisposable
{
    private const string Route = "smtp:127.0.0.9:25";
    private const string SpamLabel = "X-Spam-Flag: YES\r\nX-Spam-Score: 9.0\r\n";
    private const string HamLabel = "X-Spam-Score: 0.5\r\n";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static EnvelopeRecipient To(string address, string? headers, string? tag = null) =>
        new() { Address = address, Mailbox = address, Route = Route, AddedHeaders = headers, SubjectTag = tag };

    [Fact]
    public async Task Recipients_with_different_labels_get_their_own_transaction_and_copy_and_the_queue_file_is_unchanged()
    {
        var path = Path.Combine(_temp.Path, "queued");
        await File.WriteAllTextAsync(path, "Received: from client\r\nSubject: offer\r\n\r\nHello.\r\nTRAILER-NOT-SENT");
        var message = new OutboundMessage(Messages.Envelope("Q1"), path, "Received: from client\r\nSubject: offer\r\n\r\nHello.\r\n".Length);
        var transport = new FakeTransport(Messages.Clock());
        await using var agent = new OutboundAgent(new MxPlanner(new FakeMxResolver(), 25), transport, new DestinationLimiter(10), NullLogger.Instance);

        var results = await agent.DeliverAsync(message,
            [To("a@backend.test", SpamLabel), To("b@backend.test", SpamLabel), To("c@backend.test", HamLabel), To("d@backend.test", SpamLabel, "[SPAM]"), To("e@backend.test", null)],
            CancellationToken.None);

        Assert.All(results, r => Assert.Equal(RecipientOutcome.Delivered, r.Result.Outcome));
        var copies = transport.Calls.ToDictionary(c => string.Join(",", c.Recipients.Select(r => r.Mailbox[..1])), c => c.Content);
        Assert.Equal(["a,b", "c", "d", "e"], copies.Keys.Order());
        Assert.Equal(SpamLabel + "Received: from client\r\nSubject: offer\r\n\r\nHello.\r\n", copies["a,b"]);
        Assert.Equal(HamLabel + "Received: from client\r\nSubject: offer\r\n\r\nHello.\r\n", copies["c"]);
        Assert.Equal(SpamLabel + "Received: from client\r\nSubject: [SPAM] offer\r\n\r\nHello.\r\n", copies["d"]);
        Assert.Equal("Received: from client\r\nSubject: offer\r\n\r\nHello.\r\n", copies["e"]);
        Assert.Equal("Received: from client\r\nSubject: offer\r\n\r\nHello.\r\nTRAILER-NOT-SENT", await File.ReadAllTextAsync(path));
        Assert.Equal(["queued"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_smtp_transport_parses_the_labelled_message_with_the_label_and_the_tag()
    {
        var path = Path.Combine(_temp.Path, "queued");
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes("Received: from client\r\nSubject: offer\r\n\r\nbody\r\n"));
        var queued = new OutboundMessage(Messages.Envelope("Q2"), path, new FileInfo(path).Length);

        var labelled = await RecipientCopy.MakeAsync(queued, SpamLabel, "[SPAM]", CancellationToken.None);
        var mime = await OutboundContent.LoadAsync(labelled, signer: null, CancellationToken.None);

        Assert.Equal(["X-Spam-Flag", "X-Spam-Score", "Received", "Subject"], mime.Headers.Select(h => h.Field));
        Assert.Equal("[SPAM] offer", mime.Subject);
        Assert.Equal("body", mime.TextBody?.TrimEnd());
    }
}
