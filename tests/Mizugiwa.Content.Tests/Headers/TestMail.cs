using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

/// <summary>
/// A plain, well-formed message that no header heuristic fires on, with its fields replaceable one
/// by one, and a way to run analyzers over it at a fixed "now".
/// </summary>
internal sealed class TestMail
{
    public static readonly DateTimeOffset Now = new(2026, 12, 4, 5, 0, 0, TimeSpan.Zero);

    private readonly List<(string Name, string Value)> _fields =
    [
        ("Received", "from mail.example.org (mail.example.org [192.0.2.1]) by mx.example.net with ESMTP; Fri, 04 Dec 2026 05:00:00 +0000"),
        ("From", "Alice Example <alice@example.org>"),
        ("To", "Bob <bob@example.net>"),
        ("Subject", "Lunch on Friday"),
        ("Date", "Fri, 04 Dec 2026 04:59:00 +0000"),
        ("Message-ID", "<20261204045900.1234@mail.example.org>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=us-ascii"),
    ];

    public string Body { get; set; } = "Shall we meet at noon on Friday?\r\n";

    public TestMail Set(string name, string value)
    {
        var i = _fields.FindIndex(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (i >= 0) _fields[i] = (name, value);
        else _fields.Add((name, value));
        return this;
    }

    public TestMail Add(string name, string value)
    {
        _fields.Add((name, value));
        return this;
    }

    public TestMail Remove(string name)
    {
        _fields.RemoveAll(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        return this;
    }

    public TestMail WithBody(string contentType, string body)
    {
        Set("Content-Type", contentType);
        Body = body;
        return this;
    }

    /// <summary>The message as octets: each char below U+0100 is one octet, so 8-bit bodies can be written as Latin-1 strings.</summary>
    public byte[] Octets()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in _fields) text.Append(name).Append(": ").Append(value).Append("\r\n");
        text.Append("\r\n").Append(Body);
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    public ContentMessage Read(ContentEnvelope? envelope = null) =>
        ContentMessageReader.Read(Octets(), envelope ?? new ContentEnvelope(IPAddress.Parse("192.0.2.1"), "mail.example.org", "mail.example.org", "alice@example.org", ["bob@example.net"]));

    public IReadOnlyList<string> Symbols(IContentAnalyzer analyzer, ContentEnvelope? envelope = null) => Symbols([analyzer], envelope);

    public IReadOnlyList<string> Symbols(IEnumerable<IContentAnalyzer> analyzers, ContentEnvelope? envelope = null)
    {
        var message = Read(envelope);
        var report = new ContentReport();
        foreach (var analyzer in analyzers) analyzer.AnalyzeAsync(message, report, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return [.. report.Symbols.Select(s => s.Name)];
    }

    public static IReadOnlyList<IContentAnalyzer> AllAnalyzers() => HeaderAnalyzers.Create(new FakeTimeProvider(Now));

    /// <summary>Latin-1 text standing for the octets of <paramref name="text"/> in <paramref name="charset"/>.</summary>
    public static string Octets(string text, string charset)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.Latin1.GetString(Encoding.GetEncoding(charset).GetBytes(text));
    }
}
