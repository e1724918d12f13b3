using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>Test messages with a unique token (in Subject, Message-Id and body) and MailKit clients for the server.</summary>
public static class TestMail
{
    public const string Sender = "s@remote.test";

    /// <summary>A token unique to one test message, usable in a Message-Id.</summary>
    public static string NewToken(string purpose) => $"{purpose}-{Guid.NewGuid():N}";

    public static string MessageIdFor(string token) => $"{token}@tests.mizugiwa";

    public static MimeMessage Create(string token, string to, string? body = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Sender));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"test {token}";
        message.MessageId = MessageIdFor(token);
        message.Body = new TextPart("plain") { Text = body ?? $"Hello from {token}.\r\n" };
        return message;
    }

    /// <summary>A MailKit client connected to the server; with TLS, STARTTLS accepting the server's self-signed certificate.</summary>
    public static async Task<SmtpClient> ConnectAsync(int port, bool startTls = false, CancellationToken cancellationToken = default)
    {
        var client = new SmtpClient
        {
            Timeout = 30_000,
            LocalDomain = "client.remote.test",
            // The server's generated certificate is self-signed: accept it when it names the server.
            ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == $"CN={ServerProcess.HostName}",
        };
        try
        {
            await client.ConnectAsync("127.0.0.1", port, startTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
