using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// LMTP (RFC 2033) to an "lmtp:host:port" next hop, plain text: LHLO, MAIL FROM, RCPT TO per
/// recipient, DATA, then one reply per accepted recipient. MailKit has no LMTP client, hence this one.
/// A message with a line over 998 octets is re-encoded first, as for SMTP next hops (<see cref="SmtpLineLimit"/>).
/// A failure before RCPT (no connection, timeout, 4xx greeting/LHLO/MAIL) is a session failure, so
/// the recipients are deferred; every wait is bounded by the connect and command timeouts.
/// </summary>
public sealed class LmtpTransport(OutboundOptions options, ILogger logger) : IOutboundTransport
{
    public async Task<TransportResult> SendAsync(OutboundHost host, OutboundMessage message, IReadOnlyList<EnvelopeRecipient> recipients, CancellationToken cancellationToken)
    {
        string remote = host.Name;
        using var client = new TcpClient(host.Address.AddressFamily);
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(options.ConnectTimeout);
            await client.ConnectAsync(host.Address, host.Port, connect.Token);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return TransportResult.Session(RecipientResult.Deferred("4.4.1", $"connect to {host}: {e.Message}", remote));
        }
        await using var stream = client.GetStream();
        using var lmtp = new LmtpConnection(stream, options.CommandTimeout, cancellationToken);
        try
        {
            return await TransactionAsync(lmtp, host, message, recipients, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var failure = RecipientResult.Deferred("4.4.2", $"LMTP with {host}: {e.Message}", remote);
            return TransportResult.Session(failure);
        }
    }

    private async Task<TransportResult> TransactionAsync(LmtpConnection lmtp, OutboundHost host, OutboundMessage message, IReadOnlyList<EnvelopeRecipient> recipients,
        CancellationToken cancellationToken)
    {
        string remote = host.Name;
        var envelope = message.Envelope;
        var greeting = await lmtp.ReadReplyAsync();
        if (greeting.Code / 100 != 2) return SessionFailure(greeting, remote);
        var lhlo = await lmtp.CommandAsync($"LHLO {options.HostName}");
        if (lhlo.Code / 100 != 2) return SessionFailure(lhlo, remote);
        logger.LogInformation("queue={QueueId} outbound host={Host} connected lmtp tls=none", envelope.QueueId, host);

        string parameters = (envelope.Body is { } body && lhlo.Text.Contains("8BITMIME", StringComparison.OrdinalIgnoreCase) ? $" BODY={body}" : "")
            + (envelope.SmtpUtf8 && lhlo.Text.Contains("SMTPUTF8", StringComparison.OrdinalIgnoreCase) ? " SMTPUTF8" : "");
        var mail = await lmtp.CommandAsync($"MAIL FROM:<{envelope.Sender}>{parameters}");
        if (mail.Code / 100 == 4) return SessionFailure(mail, remote);
        if (mail.Code / 100 != 2) return All(recipients, RecipientResult.FromReply(mail.Code, mail.Text, remote));

        var results = new RecipientResult?[recipients.Count];
        var accepted = new List<int>();
        for (int i = 0; i < recipients.Count; i++)
        {
            var rcpt = await lmtp.CommandAsync($"RCPT TO:<{recipients[i].Mailbox}>");
            if (rcpt.Code / 100 == 2) accepted.Add(i);
            else results[i] = RecipientResult.FromReply(rcpt.Code, rcpt.Text, remote);
        }
        if (accepted.Count > 0)
        {
            var data = await lmtp.CommandAsync("DATA");
            if (data.Code != 354)
            {
                foreach (var i in accepted) results[i] = RecipientResult.FromReply(data.Code == 250 ? 451 : data.Code, data.Text, remote);
            }
            else
            {
                await using (var content = await OutboundContent.OpenAsSentAsync(message, cancellationToken)) await lmtp.SendMessageAsync(content);
                // RFC 2033 §4.2: one reply per accepted recipient, in RCPT order.
                foreach (var i in accepted)
                {
                    var reply = await lmtp.ReadReplyAsync();
                    results[i] = RecipientResult.FromReply(reply.Code, reply.Text, remote);
                }
            }
        }
        await QuitAsync(lmtp);
        return TransportResult.PerRecipient([.. results.Select(r => r!)]);
    }

    private static TransportResult SessionFailure(LmtpReply reply, string remote) =>
        TransportResult.Session(RecipientResult.FromReply(reply.Code, reply.Text, remote) with { Outcome = RecipientOutcome.Deferred });

    private static TransportResult All(IReadOnlyList<EnvelopeRecipient> recipients, RecipientResult result) =>
        TransportResult.PerRecipient([.. recipients.Select(_ => result)]);

    private static async Task QuitAsync(LmtpConnection lmtp)
    {
        try
        {
            await lmtp.CommandAsync("QUIT");
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // the results are known; a rude goodbye changes nothing
        }
    }
}
