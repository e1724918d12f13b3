using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound.MtaSts;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// SMTP to one host with MailKit: a TCP connection with a connect timeout, EHLO with our host name,
/// opportunistic STARTTLS accepting any certificate (a failed handshake is retried once in plain
/// text), the message signed first when a signer is registered, and a result per recipient.
/// The relay host (<see cref="OutboundHost.Relay"/>) with a user gets required, verified TLS and AUTH first (<see cref="RelayLogin"/>).
/// An MX of a domain whose MTA-STS policy is "enforce" gets required STARTTLS with a certificate valid for its name
/// (<see cref="MtaStsCertificateCheck"/>), else a 4.7.5 session failure; under "testing" what would fail is logged.
/// After a delivered message the connection is kept idle for the next message to the same host
/// (<see cref="SmtpConnectionPool"/>); dispose the transport to close the idle connections.
/// </summary>
public sealed class MailKitTransport(OutboundOptions options, IMessageSigner? signer, ILogger logger, TimeProvider? time = null,
    MtaStsCertificateCheck? mtaStsCertificates = null)
    : IOutboundTransport, IAsyncDisposable
{
    /// <summary>How long an idle connection is kept for the next message to the same host.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly MtaStsCertificateCheck _mtaStsCertificates = mtaStsCertificates ?? new MtaStsCertificateCheck();
    private readonly SmtpConnectionPool _pool = new(options.MaxConnectionsPerDestination, IdleTimeout, time ?? TimeProvider.System);

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    public async Task<TransportResult> SendAsync(OutboundHost host, OutboundMessage message, IReadOnlyList<EnvelopeRecipient> recipients, CancellationToken cancellationToken)
    {
        if (await _pool.TakeAsync(host) is { } pooled)
        {
            logger.LogInformation("queue={QueueId} outbound host={Host} reusing connection tls={Tls}", message.Envelope.QueueId, host,
                pooled.IsSecure ? $"{pooled.SslProtocol} {pooled.SslCipherSuite}" : "none");
            // A reused connection that does not get as far as answering for the recipients is replaced by a new one.
            if (await TransactAsync(pooled, host, message, recipients, reused: true, cancellationToken) is { Recipients: not null } reusedResult) return reusedResult;
            logger.LogInformation("queue={QueueId} outbound host={Host} reused connection failed; connecting again", message.Envelope.QueueId, host);
        }
        var relay = host.Relay ? options.Relay : null;
        if (relay is { RequiresTls: true })
        {
            // Credentials go only over TLS: no plain-text retry; a relay without TLS defers the message.
            var required = relay.Tls == RelayTls.Implicit ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            try
            {
                return await AttemptAsync(host, message, recipients, required, relay, cancellationToken);
            }
            catch (Exception e) when (e is SslHandshakeException or StartTlsRefusedException or NotSupportedException)
            {
                return TransportResult.Session(RelayLogin.NoTls(logger, message.Envelope.QueueId, host,
                    e is NotSupportedException ? "it offers no STARTTLS" : $"TLS failed: {OneLine(e.Message).TrimEnd('.')}"));
            }
        }
        if (host.MtaSts == MtaStsMode.Enforce) return await AttemptMtaStsAsync(host, message, recipients, cancellationToken);
        try
        {
            return await AttemptAsync(host, message, recipients, SecureSocketOptions.StartTlsWhenAvailable, relay, cancellationToken);
        }
        catch (Exception e) when (e is SslHandshakeException or StartTlsRefusedException)
        {
            logger.LogInformation("queue={QueueId} outbound host={Host} STARTTLS failed ({Reason}); trying without TLS", message.Envelope.QueueId, host, e.Message);
            return await AttemptAsync(host, message, recipients, SecureSocketOptions.None, relay, cancellationToken);
        }
    }

    /// <summary>An MX named by an enforced MTA-STS policy (RFC 8461 §4.2): STARTTLS and a valid certificate, or the host is not used.</summary>
    private async Task<TransportResult> AttemptMtaStsAsync(OutboundHost host, OutboundMessage message, IReadOnlyList<EnvelopeRecipient> recipients,
        CancellationToken cancellationToken)
    {
        var problem = new CertificateProblem();
        try
        {
            return await AttemptAsync(host, message, recipients, SecureSocketOptions.StartTls, relay: null, cancellationToken, problem);
        }
        catch (Exception e) when (e is SslHandshakeException or StartTlsRefusedException or NotSupportedException)
        {
            string why = e is NotSupportedException ? "it offers no STARTTLS"
                : problem.Text is { } certificate ? $"its certificate is not valid for {host.Name}: {certificate}"
                : $"TLS failed: {OneLine(e.Message).TrimEnd('.')}";
            logger.LogWarning("queue={QueueId} outbound host={Host} MTA-STS policy enforce: {Reason}; not delivering to this host",
                message.Envelope.QueueId, host, why);
            return TransportResult.Session(RecipientResult.Deferred("4.7.5", $"MTA-STS: {host} {why}", host.Name));
        }
    }

    /// <summary>Why the last certificate was refused, from the validation callback.</summary>
    private sealed class CertificateProblem
    {
        public string? Text { get; set; }
    }

    private RemoteCertificateValidationCallback? CertificateCallback(OutboundHost host, SmtpRelay? relay, string queueId, CertificateProblem? problem)
    {
        if (host.MtaSts == MtaStsMode.Enforce)
            return (_, certificate, chain, errors) => (problem!.Text = _mtaStsCertificates.Problem(certificate, chain, errors)) is null;
#pragma warning disable CA5359 // testing mode (RFC 8461 §5): deliver as without a policy, only report what enforce would refuse
        if (host.MtaSts == MtaStsMode.Testing)
            return (_, certificate, chain, errors) =>
            {
                if (_mtaStsCertificates.Problem(certificate, chain, errors) is { } why)
                    logger.LogWarning("queue={QueueId} outbound host={Host} MTA-STS policy testing: the certificate is not valid for {Name} ({Reason}); enforce would not deliver",
                        queueId, host, host.Name, why);
                return true;
            };
#pragma warning restore CA5359
        // Opportunistic TLS (RFC 7435): any certificate is better than plain text. A relay we give a password
        // is a named provider: MailKit's default check (system trust store, host name) applies unless turned off.
#pragma warning disable CA5359 // by design: MX certificates are not verified without DANE/MTA-STS
        return relay is { RequiresTls: true, CheckCertificate: true } ? null : (_, _, _, _) => true;
#pragma warning restore CA5359
    }

    private async Task<TransportResult> AttemptAsync(OutboundHost host, OutboundMessage message, IReadOnlyList<EnvelopeRecipient> recipients,
        SecureSocketOptions security, SmtpRelay? relay, CancellationToken cancellationToken, CertificateProblem? problem = null)
    {
        var client = new RelayingSmtpClient
        {
            LocalDomain = options.HostName,
            Timeout = (int)Math.Min(int.MaxValue, options.CommandTimeout.TotalMilliseconds),
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = CertificateCallback(host, relay, message.Envelope.QueueId, problem),
        };
        string remote = host.Name;
        bool connected = false;
        try
        {
            var socket = await ConnectAsync(host, cancellationToken);
            await client.ConnectAsync(socket, host.Name, host.Port, security, cancellationToken);
            connected = true;
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or SmtpProtocolException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return TransportResult.Session(RecipientResult.Deferred("4.4.1", $"connect to {host}: {e.Message}", remote));
        }
        catch (SmtpCommandException e) when (security != SecureSocketOptions.None && client.Capabilities.HasFlag(SmtpCapabilities.StartTLS) && !client.IsSecure)
        {
            throw new StartTlsRefusedException($"{(int)e.StatusCode} {OneLine(e.Message)}"); // e.g. 454 TLS not available
        }
        catch (SmtpCommandException e)
        {
            return TransportResult.Session(RecipientResult.FromReply((int)e.StatusCode, OneLine(e.Message), remote) with { Outcome = RecipientOutcome.Deferred });
        }
        finally
        {
            if (!connected) client.Dispose();
        }
        logger.LogInformation("queue={QueueId} outbound host={Host} connected tls={Tls}", message.Envelope.QueueId, host,
            client.IsSecure ? $"{client.SslProtocol} {client.SslCipherSuite}" : "none");
        if (host.MtaSts == MtaStsMode.Testing && !client.IsSecure)
            logger.LogWarning("queue={QueueId} outbound host={Host} MTA-STS policy testing: no TLS; enforce would not deliver", message.Envelope.QueueId, host);
        if (relay is not null && await LoginAsync(client, host, relay, message.Envelope.QueueId, cancellationToken) is { } refused)
        {
            await QuitAsync(client);
            client.Dispose();
            return TransportResult.Session(refused);
        }
        return await TransactAsync(client, host, message, recipients, reused: false, cancellationToken);
    }

    /// <summary>
    /// One message on a connected client, which it owns: back to the pool after a delivered message, else closed.
    /// A reused connection is checked with NOOP first; if that fails the result is a session failure.
    /// </summary>
    private async Task<TransportResult> TransactAsync(RelayingSmtpClient client, OutboundHost host, OutboundMessage message,
        IReadOnlyList<EnvelopeRecipient> recipients, bool reused, CancellationToken cancellationToken)
    {
        var mailboxes = new Dictionary<MailboxAddress, EnvelopeRecipient>(ReferenceEqualityComparer.Instance);
        foreach (var recipient in recipients) mailboxes[Mailbox(recipient.Mailbox)] = recipient;
        client.Begin(message.Envelope, mailboxes);
        string remote = host.Name;
        bool remoteDsn = client.Capabilities.HasFlag(SmtpCapabilities.Dsn);
        bool keep = false;
        try
        {
            if (reused) await client.NoOpAsync(cancellationToken);
            var mime = await OutboundContent.LoadAsync(message, signer, cancellationToken);
            var sender = Mailbox(message.Envelope.Sender);
            string reply = await client.SendAsync(FormatOptions.Default, mime, sender, [.. mailboxes.Keys], cancellationToken);
            keep = true;
            return TransportResult.PerRecipient([.. recipients.Select(r => Rcpt(client, r, remote)
                ?? RecipientResult.FromReply(250, OneLine(reply), remote, remoteDsn))]);
        }
        catch (NoRecipientsAcceptedException)
        {
            await QuitAsync(client);
            return TransportResult.PerRecipient([.. recipients.Select(r => Rcpt(client, r, remote) ?? RecipientResult.Deferred("4.0.0", "no reply to RCPT", remote))]);
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.SenderNotAccepted)
        {
            var result = RecipientResult.FromReply((int)e.StatusCode, OneLine(e.Message), remote);
            await QuitAsync(client);
            // A 4xx MAIL may be this host's trouble: the next one is tried. A 5xx is the answer for everyone.
            return result.Outcome == RecipientOutcome.Failed ? TransportResult.PerRecipient([.. recipients.Select(_ => result)]) : TransportResult.Session(result);
        }
        catch (SmtpCommandException e) when (reused && client.RcptReplies.Count == 0)
        {
            await QuitAsync(client); // e.g. 421 to NOOP from a server that closes idle connections
            return TransportResult.Session(RecipientResult.Deferred("4.4.2", $"reused connection to {host}: {OneLine(e.Message)}", remote));
        }
        catch (SmtpCommandException e)
        {
            // The reply to DATA (or the end of data) is the answer for every accepted recipient.
            var result = RecipientResult.FromReply((int)e.StatusCode, OneLine(e.Message), remote);
            await QuitAsync(client);
            return TransportResult.PerRecipient([.. recipients.Select(r => Rejected(client, r, remote) ?? result)]);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var lost = RecipientResult.Deferred("4.4.2", $"lost connection with {host}: {e.Message}", remote);
            return client.RcptReplies.Count == 0 ? TransportResult.Session(lost) : TransportResult.PerRecipient([.. recipients.Select(r => Rejected(client, r, remote) ?? lost)]);
        }
        finally
        {
            if (keep) await _pool.ReturnAsync(host, client);
            else client.Dispose();
        }
    }

    private async Task<RecipientResult?> LoginAsync(RelayingSmtpClient client, OutboundHost host, SmtpRelay relay, string queueId, CancellationToken cancellationToken)
    {
        try
        {
            return await RelayLogin.LoginAsync(client, host, relay, logger, queueId, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return RecipientResult.Deferred("4.4.2", $"lost connection with {host} during AUTH: {e.Message}", host.Name);
        }
    }

    /// <summary>The server announced STARTTLS and then refused it: the host is tried again in plain text.</summary>
    private sealed class StartTlsRefusedException(string message) : Exception(message);

    private async Task<Socket> ConnectAsync(OutboundHost host, CancellationToken cancellationToken)
    {
        var socket = new Socket(host.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new System.Net.IPEndPoint(host.Address, host.Port), limit.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no connection within {options.ConnectTimeout.TotalSeconds:0}s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static RecipientResult? Rcpt(RelayingSmtpClient client, EnvelopeRecipient recipient, string remote) =>
        client.RcptReplies.TryGetValue(recipient, out var reply) && (int)reply.StatusCode >= 300
            ? RecipientResult.FromReply((int)reply.StatusCode, OneLine(reply.Response), remote)
            : null;

    private static RecipientResult? Rejected(RelayingSmtpClient client, EnvelopeRecipient recipient, string remote) => Rcpt(client, recipient, remote);

    private static MailboxAddress Mailbox(string address) => new("", address);

    private static string OneLine(string text) => text.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ').Trim();

    internal static async Task QuitAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException or TimeoutException or OperationCanceledException)
        {
            // The transaction's outcome is known; a failed QUIT changes nothing.
        }
    }
}
