using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// AUTH with the relay host's credentials (MailKit picks the strongest SASL mechanism both sides know:
/// SCRAM, then PLAIN/LOGIN), only on a TLS connection. Every failure defers: a wrong password or a relay
/// without AUTH is the admin's problem, never a reason to bounce users' mail.
/// </summary>
internal static class RelayLogin
{
    /// <summary>Null when the client is authenticated (or no user is set), else the result for every recipient.</summary>
    public static async Task<RecipientResult?> LoginAsync(SmtpClient client, OutboundHost host, SmtpRelay relay, ILogger logger, string queueId,
        CancellationToken cancellationToken)
    {
        if (relay.User is not { } user) return null;
        string remote = host.Name;
        if (!client.IsSecure)
            return Refuse(logger, queueId, host, RecipientResult.Deferred("4.7.0", $"relay {host} is not using TLS; the password of Outbound:RelayUser is not sent in clear", remote));
        // XOAUTH2/OAUTHBEARER want a token, not the password.
        client.AuthenticationMechanisms.Remove("XOAUTH2");
        client.AuthenticationMechanisms.Remove("OAUTHBEARER");
        try
        {
            await client.AuthenticateAsync(new NetworkCredential(user, relay.Password), cancellationToken);
            logger.LogInformation("queue={QueueId} outbound host={Host} authenticated as {User}", queueId, host, user);
            return null;
        }
        catch (SaslException e)
        {
            return Refuse(logger, queueId, host, RecipientResult.Deferred("4.7.0", $"relay {host}: SASL failed for Outbound:RelayUser {user}: {OneLine(e.Message)}", remote));
        }
        catch (AuthenticationException e)
        {
            return Refuse(logger, queueId, host, RecipientResult.Deferred("4.7.8",
                $"relay {host} refused the credentials of Outbound:RelayUser {user}: {OneLine(e.Message)}", remote));
        }
        catch (NotSupportedException)
        {
            return Refuse(logger, queueId, host, RecipientResult.Deferred("4.7.0", $"relay {host} offers no AUTH (Outbound:RelayUser {user} is set)", remote));
        }
        catch (SmtpCommandException e)
        {
            var reply = RecipientResult.FromReply((int)e.StatusCode, OneLine(e.Message), remote);
            return Refuse(logger, queueId, host, reply with
            {
                Outcome = RecipientOutcome.Deferred,
                Status = "4" + reply.Status[1..],
                Diagnostic = $"relay {host} refused AUTH for Outbound:RelayUser {user}: {reply.Diagnostic}",
            });
        }
    }

    /// <summary>The relay offers no STARTTLS, refuses it or fails the handshake: the message waits, the password stays here.</summary>
    public static RecipientResult NoTls(ILogger logger, string queueId, OutboundHost host, string why) =>
        Refuse(logger, queueId, host, RecipientResult.Deferred("4.7.0",
            $"relay {host}: TLS is required (Outbound:RelayUser or RelayTls=Implicit) and {why}; nothing was sent", host.Name));

    private static RecipientResult Refuse(ILogger logger, string queueId, OutboundHost host, RecipientResult result)
    {
        logger.LogWarning("queue={QueueId} outbound host={Host} relay refused: {Status} {Diagnostic}", queueId, host, result.Status, result.Diagnostic);
        return result;
    }

    private static string OneLine(string text) => text.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ').Trim();
}
