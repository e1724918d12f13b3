using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests;

/// <summary>A local recipient's copy: Return-Path, the headers added for them and their Subject tag, written in one pass from the queue file.</summary>
public sealed class LocalDeliveryLabelTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly GroupCommitter _committer = new();

    public void Dispose()
    {
        _committer.Dispose();
        _dir.Dispose();
    }

    private async Task<(string Delivered, string QueueDirectory)> DeliverAsync(EnvelopeRecipient recipient, string content)
    {
        var queue = Path.Combine(_dir.Path, "queue");
        Directory.CreateDirectory(queue);
        var path = Path.Combine(queue, "Q1.msg");
        await File.WriteAllTextAsync(path, content + "TRAILER-NOT-DELIVERED");
        var mailRoot = Path.Combine(_dir.Path, "mail");
        var result = await new LocalDelivery(mailRoot, new MaildirWriter(_committer, Messages.Clock()), directory: null)
            .DeliverAsync(recipient, "sender@example.org", new OutboundMessage(Messages.Envelope("Q1"), path, content.Length), CancellationToken.None);
        Assert.Equal(RecipientOutcome.Delivered, result.Outcome);
        var delivered = Assert.Single(Directory.GetFiles(Path.Combine(mailRoot, "example.test", "alice", "new")));
        return (await File.ReadAllTextAsync(delivered), queue);
    }

    [Fact]
    public async Task The_tag_goes_into_the_Subject_and_the_label_on_top_without_a_temporary_copy()
    {
        var recipient = new EnvelopeRecipient { Address = "alice@example.test", Mailbox = "alice@example.test", AddedHeaders = "X-Spam-Flag: YES\r\n", SubjectTag = "[SPAM]" };

        var (delivered, queue) = await DeliverAsync(recipient, "Received: from client\r\nSubject: offer\r\n\r\nbody\r\n");

        Assert.Equal("Return-Path: <sender@example.org>\r\nX-Spam-Flag: YES\r\nReceived: from client\r\nSubject: [SPAM] offer\r\n\r\nbody\r\n", delivered);
        Assert.Equal(["Q1.msg"], Directory.GetFiles(queue).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_message_without_a_header_end_is_delivered_untagged()
    {
        var recipient = new EnvelopeRecipient { Address = "alice@example.test", Mailbox = "alice@example.test", SubjectTag = "[SPAM]" };

        var (delivered, _) = await DeliverAsync(recipient, "Subject: offer\r\nno blank line ends this");

        Assert.Equal("Return-Path: <sender@example.org>\r\nSubject: offer\r\nno blank line ends this", delivered);
    }
}
