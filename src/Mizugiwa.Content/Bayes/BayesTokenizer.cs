using System.Security.Cryptography;
using MimeKit;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// The tokens Bayes learns from and classifies by, deduplicated per message: the words and CJK
/// bigrams of the decoded text parts (HTML as the text a reader sees, plus the words of its links),
/// the Subject, the From display name and domain, the Content-Type and charsets, X-Mailer, the link
/// hosts, the attachments' types and extensions. Transport and mailing-list headers (Received, List-*, Message-ID, Date, ...) are
/// left out on purpose: they tell where a training corpus came from, not what spam looks like.
/// </summary>
public static class BayesTokenizer
{
    /// <summary>Text beyond this many characters per part is not read (long bodies add noise, and cost).</summary>
    public const int MaxTextPerPart = 100_000;

    /// <summary>The message's tokens, computed on the first call and kept with the message.</summary>
    public static BayesTokens Tokenize(ContentMessage message) => message.BayesTokens ??= Compute(message);

    private static BayesTokens Compute(ContentMessage message)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        AddHeaders(message.Mime, tokens);
        foreach (var section in message.Parts.Texts)
        {
            var text = Cap(section.Text);
            TextTokens.Add(text, "", tokens);
            UrlHostTokens.Add(text, tokens);
            if (section.Html is not null)
            {
                var html = Cap(section.Html);
                UrlHostTokens.Add(html, tokens);
                HtmlLinkWords.Add(html, tokens);
            }
            if (section.DeclaredCharset is { } charset) tokens.Add("charset:" + charset.ToLowerInvariant());
        }
        foreach (var leaf in message.Parts.Leaves)
            tokens.Add("part:" + leaf.ContentType.MimeType.ToLowerInvariant());
        foreach (var attachment in message.Parts.Attachments)
        {
            tokens.Add("attach:type:" + attachment.ContentType);
            if (Extension(attachment.FileName) is { } extension) tokens.Add("attach:ext:" + extension);
        }
        return new BayesTokens(tokens, Digest(message));
    }

    private static void AddHeaders(MimeMessage mime, HashSet<string> tokens)
    {
        if (EncodedWords.Header(mime, HeaderId.Subject) is { } subject) TextTokens.Add(subject, "subject:", tokens);
        if (mime.From.Mailboxes.FirstOrDefault() is { } from)
        {
            if (!string.IsNullOrWhiteSpace(from.Name) && EncodedWords.Header(mime, HeaderId.From) is { } fromText)
                TextTokens.Add(DisplayName(fromText), "from:name:", tokens);
            if (from.Domain is { Length: > 0 } domain)
            {
                var host = domain.ToLowerInvariant();
                tokens.Add("from:domain:" + host);
                if (UrlHostTokens.Parent(host) is { } parent) tokens.Add("from:domain:" + parent);
            }
        }
        else tokens.Add("from:none");
        if (mime.Body is { } body) tokens.Add("ct:" + body.ContentType.MimeType.ToLowerInvariant());
        if (EncodedWords.Header(mime, HeaderId.XMailer) is { Length: > 0 } mailer) TextTokens.Add(mailer, "x-mailer:", tokens);
    }

    /// <summary>The decoded From text without its first address in angle brackets (or the bare address).</summary>
    private static string DisplayName(string from)
    {
        var open = from.IndexOf('<', StringComparison.Ordinal);
        return open >= 0 ? from[..open] : from.Contains('@', StringComparison.Ordinal) ? "" : from;
    }

    private static string? Extension(string? fileName)
    {
        if (fileName is null) return null;
        var extension = Path.GetExtension(fileName.Trim().TrimEnd('.'));
        return extension.Length is > 1 and <= 11 ? extension[1..].ToLowerInvariant() : null;
    }

    private static string Cap(string text) => text.Length <= MaxTextPerPart ? text : text[..MaxTextPerPart];

    /// <summary>
    /// SHA-256 of the Message-ID and the raw body: the headers a server adds on the way (ours included)
    /// do not change it, so a message learned at delivery and again from the mailbox is one message.
    /// </summary>
    public static byte[] Digest(ContentMessage message)
    {
        var raw = message.Raw.Span;
        var bodyStart = BodyStart(raw);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes((message.Mime.MessageId ?? "") + "\0"));
        hash.AppendData(raw[bodyStart..]);
        return hash.GetHashAndReset();
    }

    private static int BodyStart(ReadOnlySpan<byte> raw)
    {
        for (var i = 0; i < raw.Length - 1; i++)
        {
            if (raw[i] != '\n') continue;
            if (raw[i + 1] == '\n') return i + 2;
            if (raw[i + 1] == '\r' && i + 2 < raw.Length && raw[i + 2] == '\n') return i + 3;
        }
        return raw.Length;
    }
}
