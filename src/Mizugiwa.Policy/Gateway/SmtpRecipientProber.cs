using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Policy.Gateway;

/// <summary>
/// A minimal SMTP/LMTP client for RCPT probes: plain text (no message is sent, only an address),
/// every step bounded by <see cref="GatewayOptions.ProbeTimeout"/> for the whole conversation.
/// </summary>
public sealed class SmtpRecipientProber(GatewayOptions options) : IRecipientProber
{
    public async Task<ProbeResult> ProbeAsync(NextHop hop, string address, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.ProbeTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(hop.Host, hop.Port, limit.Token);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true);
            var conversation = new Conversation(stream, reader, limit.Token);

            var greeting = await conversation.ReadReplyAsync();
            if (greeting.Code / 100 != 2) return Temporary($"greeting {greeting.Text}");
            var hello = await conversation.CommandAsync($"{(hop.Lmtp ? "LHLO" : "EHLO")} {options.HeloName}");
            if (hello.Code / 100 != 2 && !hop.Lmtp) hello = await conversation.CommandAsync($"HELO {options.HeloName}");
            if (hello.Code / 100 != 2) return Temporary($"hello {hello.Text}");
            bool utf8 = !System.Text.Ascii.IsValid(address) && hello.Text.Contains("SMTPUTF8", StringComparison.OrdinalIgnoreCase);
            var mail = await conversation.CommandAsync(utf8 ? "MAIL FROM:<> SMTPUTF8" : "MAIL FROM:<>");
            if (mail.Code / 100 != 2) return Temporary($"MAIL {mail.Text}");
            var rcpt = await conversation.CommandAsync($"RCPT TO:<{address}>");
            await conversation.TryCloseAsync();
            return (rcpt.Code / 100) switch
            {
                2 => new ProbeResult(ProbeOutcome.Accepted, rcpt.Text),
                5 => new ProbeResult(ProbeOutcome.Rejected, rcpt.Text),
                _ => new ProbeResult(ProbeOutcome.Temporary, rcpt.Text),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Temporary($"no answer within {options.ProbeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        catch (Exception e) when (e is SocketException or IOException or FormatException)
        {
            return Temporary(e.Message);
        }
    }

    private static ProbeResult Temporary(string why) => new(ProbeOutcome.Temporary, why);

    private readonly record struct Reply(int Code, string Text);

    private sealed class Conversation(NetworkStream stream, StreamReader reader, CancellationToken cancellationToken)
    {
        public async Task<Reply> CommandAsync(string command)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), cancellationToken);
            return await ReadReplyAsync();
        }

        /// <summary>A reply of one or more lines ("250-..." continues, "250 ..." ends).</summary>
        public async Task<Reply> ReadReplyAsync()
        {
            var text = new StringBuilder();
            for (int lines = 0; lines < 100; lines++)
            {
                var line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("connection closed by the next hop");
                if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                    throw new FormatException($"not an SMTP reply: {line}");
                if (text.Length > 0) text.Append(' ');
                text.Append(line);
                if (line.Length == 3 || line[3] != '-') return new Reply(code, text.ToString());
            }
            throw new FormatException("reply too long");
        }

        public async Task TryCloseAsync()
        {
            try
            {
                await CommandAsync("RSET");
                await CommandAsync("QUIT");
            }
            catch (Exception e) when (e is IOException or SocketException or FormatException or OperationCanceledException)
            {
                // the answer is known; a rude goodbye changes nothing
            }
        }
    }
}
