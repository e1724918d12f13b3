using MimeKit;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>A queued message as it goes out: re-encoded only when a line is too long for SMTP, and DKIM-signed when we hold a key (SMTP next hops).</summary>
internal static class OutboundContent
{
    /// <summary>
    /// Parses the queued content, re-encodes it when a line is too long for SMTP (<see cref="SmtpLineLimit"/>),
    /// and prepends the DKIM signature of what is sent when the signer has a key for the From domain.
    /// </summary>
    public static async Task<MimeMessage> LoadAsync(OutboundMessage message, IMessageSigner? signer, CancellationToken cancellationToken)
    {
        MimeMessage mime;
        bool reencoded;
        await using (var content = new SmtpLineLimit(message.OpenContent()))
        {
            // The parser reads the whole file, so the lines are measured in the same pass.
            mime = await MimeMessage.LoadAsync(content, cancellationToken);
            reencoded = content.Exceeded;
        }
        if (reencoded) mime.Prepare(EncodingConstraint.None, SmtpLineLimit.MaxOctets);
        if (signer is null) return mime;
        string? domain = mime.From.Mailboxes.FirstOrDefault()?.Domain ?? SenderDomain(message.Envelope.Sender);
        if (string.IsNullOrEmpty(domain)) return mime;
        string? signature;
        await using (var content = reencoded ? await SerializeAsync(mime, cancellationToken) : message.OpenContent())
            signature = await signer.SignAsync(domain, content, cancellationToken);
        if (signature is null) return mime;
        foreach (var line in SplitHeaderFields(signature))
        {
            if (Header.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out var header)) mime.Headers.Insert(0, header);
        }
        return mime;
    }

    /// <summary>
    /// The queued content for a client that sends the bytes as they are (LMTP): the queue file itself, or,
    /// when a line is too long for SMTP, the message re-encoded as <see cref="LoadAsync"/> does (no signature).
    /// </summary>
    public static async Task<Stream> OpenAsSentAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        await using (var scan = new SmtpLineLimit(message.OpenContent()))
        {
            await scan.CopyToAsync(Stream.Null, cancellationToken);
            if (!scan.Exceeded) return message.OpenContent();
        }
        return await SerializeAsync(await LoadAsync(message, signer: null, cancellationToken), cancellationToken);
    }

    /// <summary>The message as the SMTP client writes it (CRLF line ends).</summary>
    public static async Task<MemoryStream> SerializeAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var crlf = FormatOptions.Default.Clone();
        crlf.NewLineFormat = NewLineFormat.Dos;
        await mime.WriteToAsync(crlf, buffer, cancellationToken);
        buffer.Position = 0;
        return buffer;
    }

    private static IEnumerable<string> SplitHeaderFields(string headers)
    {
        var fields = new List<string>();
        foreach (var line in headers.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length == 0) continue;
            if (line[0] is ' ' or '\t' && fields.Count > 0) fields[^1] += "\r\n" + line;
            else fields.Add(line);
        }
        fields.Reverse(); // inserted at 0 one after the other: the first ends up on top
        return fields.Select(f => f + "\r\n");
    }

    private static string? SenderDomain(string sender) => sender.LastIndexOf('@') is int at and >= 0 ? sender[(at + 1)..] : null;
}
