using System.Text;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Tests;

/// <summary>Builds envelopes and spools test messages.</summary>
internal static class Messages
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public static string Body(string subject) => $"Subject: {subject}\r\n\r\nHello.\r\n";

    public static MessageEnvelope Envelope(string queueId, params string[] mailboxes) => new()
    {
        QueueId = queueId,
        ReceivedAt = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
        ClientAddress = "192.0.2.1",
        Sender = "sender@example.org",
        Recipients = [.. mailboxes.Select(m => new EnvelopeRecipient { Address = m, Mailbox = m, Notify = DsnNotify.Success | DsnNotify.Failure })],
    };

    /// <summary>Receives and commits a message for the mailboxes; returns its queue id.</summary>
    public static async Task<string> CommitAsync(IMessageSpool spool, string body, params string[] mailboxes)
    {
        await using var message = await spool.CreateAsync(CancellationToken.None);
        await message.Content.WriteAsync(Encoding.ASCII.GetBytes(body));
        await message.CommitAsync(Envelope(message.QueueId, mailboxes), CancellationToken.None);
        return message.QueueId;
    }
}
