using System.Text.RegularExpressions;
using Mizugiwa.Content;
using Mizugiwa.Content.Bayes;
using MimeKit;

/// <summary>
/// Token families tried on top of the tokenizer (`--experiments`): each is measured by the in-memory
/// cross-validation in <see cref="Experiments"/> before anything moves into BayesTokenizer.
/// </summary>
internal static partial class Candidates
{
    public static readonly IReadOnlyList<(string Name, Func<ContentMessage, IEnumerable<string>> Tokens)> All =
    [
        ("cte", Cte),
        ("from-shape", FromShape),
        ("reply-to", ReplyTo),
        ("user-agent", UserAgent),
        ("priority", Priority),
        ("url-shape", UrlShape),
        ("html-tags", HtmlTags),
        ("caps-words", CapsWords),
        ("text-size", TextSize),
        ("from-link", FromLink),
        ("bigrams", Bigrams),
        ("subject-shape", SubjectShape),
        ("boundary", Boundary),
        ("header-charset", HeaderCharset),
        ("html-obfuscation", HtmlObfuscation),
        ("emails", Emails),
        ("href-words", HrefWords),
        ("href-path", HrefPath),
        ("char4", Char4),
    ];

    /// <summary>Character 4-grams of the subject and the first 3,000 characters of text (lower case, spaces collapsed): features for the logistic experiments.</summary>
    private static IEnumerable<string> Char4(ContentMessage m)
    {
        var text = new System.Text.StringBuilder(m.Mime.Subject ?? "").Append(' ');
        foreach (var section in m.Parts.Texts)
        {
            if (text.Length > 3000) break;
            text.Append(section.Text.AsSpan(0, Math.Min(section.Text.Length, 3000))).Append(' ');
        }
        var flat = Whitespace().Replace(text.ToString().ToLowerInvariant(), " ");
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 4 <= Math.Min(flat.Length, 3000); i++) grams.Add(string.Concat("c4:", flat.AsSpan(i, 4)));
        return grams;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"href\s*=\s*[""']?([^""'\s>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Href();

    /// <summary>The links of the HTML source as words (and their pieces), as if they were in the text.</summary>
    private static IEnumerable<string> HrefWords(ContentMessage m)
    {
        var tokens = new HashSet<string>();
        foreach (var section in m.Parts.Texts)
            if (section.Html is { } html)
                foreach (Match h in Href().Matches(html.Length > 100_000 ? html[..100_000] : html)) TextTokens.Add(h.Groups[1].Value, "", tokens);
        return tokens;
    }

    /// <summary>The same, prefixed, so that link words do not mix with text words.</summary>
    private static IEnumerable<string> HrefPath(ContentMessage m)
    {
        var tokens = new HashSet<string>();
        foreach (var section in m.Parts.Texts)
            if (section.Html is { } html)
                foreach (Match h in Href().Matches(html.Length > 100_000 ? html[..100_000] : html)) TextTokens.Add(h.Groups[1].Value, "href:", tokens);
        return tokens;
    }

    private static IEnumerable<string> SubjectShape(ContentMessage m)
    {
        var subject = m.Mime.Headers[HeaderId.Subject];
        if (subject is null) { yield return "subject:none"; yield break; }
        var letters = subject.Count(char.IsLetter);
        var upper = subject.Count(char.IsUpper);
        if (letters >= 8 && upper * 10 >= letters * 8) yield return "subject:shape:capitals";
        if (subject.Contains('!', StringComparison.Ordinal)) yield return "subject:shape:exclamation";
        if (subject.Contains('$', StringComparison.Ordinal)) yield return "subject:shape:dollar";
        if (subject.Contains("  ", StringComparison.Ordinal)) yield return "subject:shape:double-space";
        if (subject.Length > 0 && char.IsWhiteSpace(subject[^1])) yield return "subject:shape:trailing-space";
        if (subject.Trim().Length == 0) yield return "subject:shape:empty";
    }

    private static IEnumerable<string> Boundary(ContentMessage m)
    {
        if (m.Mime.Body?.ContentType.Boundary is not { Length: > 0 } boundary) yield break;
        yield return "boundary:" + Shape(boundary);
    }

    [GeneratedRegex(@"=\?([^?]+)\?([bq])\?", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWord();

    private static IEnumerable<string> HeaderCharset(ContentMessage m)
    {
        foreach (var id in new[] { HeaderId.Subject, HeaderId.From })
            if (m.Mime.Headers[id] is { } raw)
                foreach (Match e in EncodedWord().Matches(raw))
                    yield return "header-charset:" + e.Groups[1].Value.ToLowerInvariant() + ":" + e.Groups[2].Value.ToLowerInvariant();
    }

    [GeneratedRegex(@"[a-z]<!--[^>]*-->[a-z]|&#\d{2,3};|<font[^>]*size=""?[+-]?[01]\b|color=""?#?(?:fff|ffffff|white)\b|display:\s*none", RegexOptions.IgnoreCase)]
    private static partial Regex Obfuscation();

    private static IEnumerable<string> HtmlObfuscation(ContentMessage m)
    {
        var tokens = new HashSet<string>();
        foreach (var section in m.Parts.Texts)
        {
            if (section.Html is not { } html) continue;
            foreach (Match o in Obfuscation().Matches(html.Length > 100_000 ? html[..100_000] : html))
            {
                var v = o.Value.ToLowerInvariant();
                tokens.Add(v.Contains("<!--", StringComparison.Ordinal) ? "html:comment-in-word" : v.StartsWith("&#", StringComparison.Ordinal) ? "html:numeric-entity"
                    : v.StartsWith("<font", StringComparison.Ordinal) ? "html:tiny-font" : v.StartsWith("color", StringComparison.Ordinal) ? "html:white-color" : "html:display-none");
            }
            var visible = section.Text.Count(char.IsLetterOrDigit);
            tokens.Add("html:text-ratio:" + (html.Length == 0 ? 0 : Math.Min(10, 20 * visible / html.Length)));
        }
        return tokens;
    }

    [GeneratedRegex(@"[a-z0-9._%+\-]+@([a-z0-9\-]+(?:\.[a-z0-9\-]+)+)", RegexOptions.IgnoreCase)]
    private static partial Regex Email();

    private static IEnumerable<string> Emails(ContentMessage m)
    {
        var tokens = new HashSet<string>();
        foreach (var section in m.Parts.Texts)
            foreach (Match e in Email().Matches(section.Text.Length > 100_000 ? section.Text[..100_000] : section.Text))
            {
                var domain = e.Groups[1].Value.ToLowerInvariant();
                tokens.Add("email:" + (UrlHostTokens.Parent(domain) ?? domain));
            }
        return tokens;
    }

    [GeneratedRegex(@"\b(?:https?|ftp)://(?:[^/\s""'<>@]*@)?([a-z0-9][a-z0-9.\-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex LinkHost();

    private static IEnumerable<string> FromLink(ContentMessage m)
    {
        var from = m.Mime.From.Mailboxes.FirstOrDefault()?.Domain?.ToLowerInvariant();
        var hosts = m.Parts.Texts.SelectMany(t => LinkHost().Matches(t.Html ?? t.Text)).Select(x => x.Groups[1].Value.ToLowerInvariant()).ToHashSet();
        if (hosts.Count == 0 || from is null) yield break;
        var fromParent = UrlHostTokens.Parent(from) ?? from;
        yield return hosts.Any(h => (UrlHostTokens.Parent(h) ?? h) == fromParent) ? "link:from-domain" : "link:other-domains-only";
    }

    [GeneratedRegex(@"[\p{L}\p{N}$!%']{2,}")]
    private static partial Regex Word();

    private static IEnumerable<string> Bigrams(ContentMessage m)
    {
        var tokens = new HashSet<string>();
        foreach (var t in m.Parts.Texts)
        {
            var words = Word().Matches(t.Text.Length > 20_000 ? t.Text[..20_000] : t.Text).Select(w => w.Value.ToLowerInvariant()).ToList();
            for (var i = 0; i + 1 < words.Count; i++) tokens.Add("bi:" + words[i] + " " + words[i + 1]);
        }
        return tokens;
    }

    private static IEnumerable<string> Cte(ContentMessage m) =>
        m.Parts.Leaves.OfType<MimePart>().Select(p => "cte:" + p.ContentTransferEncoding.ToString().ToLowerInvariant());

    private static IEnumerable<string> FromShape(ContentMessage m)
    {
        if (m.Mime.From.Mailboxes.FirstOrDefault() is not { } from) yield break;
        yield return string.IsNullOrWhiteSpace(from.Name) ? "from:name:none" : "from:name:some";
        var local = from.LocalPart ?? "";
        yield return "from:local-shape:" + Shape(local);
    }

    private static string Shape(string s)
    {
        var b = new System.Text.StringBuilder();
        foreach (var c in s.ToLowerInvariant())
        {
            var k = char.IsDigit(c) ? '9' : char.IsLetter(c) ? 'a' : c;
            if (b.Length == 0 || b[^1] != k) b.Append(k);
        }
        return b.ToString();
    }

    private static IEnumerable<string> ReplyTo(ContentMessage m)
    {
        if (m.Mime.ReplyTo.Mailboxes.FirstOrDefault() is not { } reply) yield break;
        var domain = reply.Domain?.ToLowerInvariant() ?? "";
        var from = m.Mime.From.Mailboxes.FirstOrDefault()?.Domain?.ToLowerInvariant() ?? "";
        yield return "reply-to:domain:" + (UrlHostTokens.Parent(domain) ?? domain);
        yield return domain == from ? "reply-to:same-domain" : "reply-to:other-domain";
    }

    private static IEnumerable<string> UserAgent(ContentMessage m)
    {
        var tokens = new HashSet<string>();
        if (m.Mime.Headers[HeaderId.UserAgent] is { Length: > 0 } ua) TextTokens.Add(ua, "x-mailer:", tokens);
        return tokens;
    }

    private static IEnumerable<string> Priority(ContentMessage m)
    {
        if (m.Mime.Headers["X-Priority"] is { Length: > 0 } p) yield return "x-priority:" + p.Trim()[..1];
        if (m.Mime.Headers["X-MSMail-Priority"] is { Length: > 0 } q) yield return "x-msmail-priority:" + q.Trim().ToLowerInvariant();
        if (m.Mime.Headers[HeaderId.Importance] is { Length: > 0 } i) yield return "importance:" + i.Trim().ToLowerInvariant();
    }

    [GeneratedRegex(@"\b(https?|ftp)://([^/\s""'<>]*)(/[^\s""'<>]*)?", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    private static IEnumerable<string> UrlShape(ContentMessage m)
    {
        var tokens = new HashSet<string>();
        var hosts = new HashSet<string>();
        foreach (var section in m.Parts.Texts)
            foreach (Match u in Url().Matches(section.Html ?? section.Text))
            {
                tokens.Add("url:scheme:" + u.Groups[1].Value.ToLowerInvariant());
                var host = u.Groups[2].Value;
                if (host.Contains(':')) tokens.Add("url:port");
                if (host.Contains('@')) tokens.Add("url:userinfo");
                var path = u.Groups[3].Value;
                if (path.Contains('?')) tokens.Add("url:query");
                if (path.Contains('%')) tokens.Add("url:escaped");
                hosts.Add(host.ToLowerInvariant());
            }
        tokens.Add("url:hosts:" + (hosts.Count switch { 0 => "0", 1 => "1", <= 3 => "2-3", <= 10 => "4-10", _ => "many" }));
        return tokens;
    }

    [GeneratedRegex(@"<([a-z][a-z0-9]*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    private static IEnumerable<string> HtmlTags(ContentMessage m)
    {
        var tokens = new HashSet<string>();
        foreach (var section in m.Parts.Texts)
            if (section.Html is { } html)
                foreach (Match t in Tag().Matches(html.Length > 100_000 ? html[..100_000] : html)) tokens.Add("html:" + t.Groups[1].Value.ToLowerInvariant());
        return tokens;
    }

    [GeneratedRegex(@"\b[A-Z]{3,20}\b")]
    private static partial Regex Caps();

    private static IEnumerable<string> CapsWords(ContentMessage m)
    {
        var tokens = new HashSet<string>();
        foreach (var section in m.Parts.Texts)
            foreach (Match c in Caps().Matches(section.Text.Length > 100_000 ? section.Text[..100_000] : section.Text)) tokens.Add("caps:" + c.Value);
        return tokens;
    }

    private static IEnumerable<string> TextSize(ContentMessage m)
    {
        var length = m.Parts.Texts.Sum(t => t.Text.Length);
        yield return "text:size:" + (length == 0 ? 0 : (int)Math.Log2(length));
    }
}
