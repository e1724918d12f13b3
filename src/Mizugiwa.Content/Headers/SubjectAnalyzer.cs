using System.Text.RegularExpressions;
using MimeKit;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// The Subject's look: shouting in capitals, a row of exclamation marks, and an encoded-word
/// (RFC 2047) in a charset the body does not use, typical of spam relayed through foreign tools.
/// </summary>
public sealed partial class SubjectAnalyzer : IContentAnalyzer
{
    public const string AllCaps = "SUBJECT_ALL_CAPS";
    public const string Exclamations = "SUBJECT_EXCLAMATIONS";
    public const string CharsetMismatch = "SUBJECT_CHARSET_MISMATCH";

    private const int MinLettersForCaps = 10;
    private const int MinExclamations = 3;

    public string Name => "subject";

    public IReadOnlyCollection<string> Symbols => [AllCaps, Exclamations, CharsetMismatch];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var header = HeaderValues.All(message.Mime, HeaderId.Subject).FirstOrDefault();
        if (header is null) return ValueTask.CompletedTask;
        var subject = header.Value ?? "";
        // Only scripts with case count: a Japanese subject has no lower case to miss.
        var cased = subject.Where(c => char.IsUpper(c) || char.IsLower(c)).ToList();
        if (cased.Count >= MinLettersForCaps && cased.All(char.IsUpper)) report.Add(AllCaps, 1.0);
        if (subject.Count(c => c is '!' or '！') >= MinExclamations) report.Add(Exclamations, 1.0);
        CheckEncoding(message, HeaderValues.Raw(header), report);
        return ValueTask.CompletedTask;
    }

    private static void CheckEncoding(ContentMessage message, string rawSubject, ContentReport report)
    {
        var bodyCharsets = message.Parts.Texts
            .Select(t => t.DeclaredCharset).OfType<string>()
            .Select(Charsets.Canonical).Where(c => c != "us-ascii").ToHashSet(StringComparer.OrdinalIgnoreCase);
        // An ASCII body fits any subject charset: only a body that chose a charset can contradict it.
        if (bodyCharsets.Count == 0) return;
        foreach (Match word in EncodedWord().Matches(rawSubject))
        {
            var charset = Charsets.Canonical(word.Groups["charset"].Value);
            if (charset == "us-ascii" || bodyCharsets.Contains(charset)) continue;
            // A Latin-1 or UTF-8 body says little about the writer's script: only a non-Latin charset on one side counts.
            if (bodyCharsets.All(IsLatin) && IsLatin(charset)) continue;
            report.Add(CharsetMismatch, 1.0, $"subject {charset}, body {string.Join(",", bodyCharsets)}");
            return;
        }
    }

    private static bool IsLatin(string charset) =>
        charset is "us-ascii" or "utf-8" or "iso-8859-1" or "windows-1252" or "iso-8859-15";

    [GeneratedRegex(@"=\?(?<charset>[^?*\s]+)(\*[^?]*)?\?[BbQq]\?[^?\s]*\?=", RegexOptions.CultureInvariant)]
    private static partial Regex EncodedWord();
}
