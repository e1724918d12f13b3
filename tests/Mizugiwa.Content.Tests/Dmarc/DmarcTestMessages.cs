using System.Text;

namespace Mizugiwa.Content.Tests.Dmarc;

/// <summary>Messages for the DMARC tests, read the way the server reads them.</summary>
internal static class DmarcTestMessages
{
    public static ContentMessage WithHeaders(string headers, string sender = "bounce@example.com") =>
        ContentMessageReader.Read(
            Encoding.UTF8.GetBytes($"{headers}\r\nSubject: test\r\nMessage-ID: <1@example.com>\r\n\r\nHello.\r\n"),
            new ContentEnvelope(null, null, "mail.example.com", sender, ["user@example.net"]));

    public static ContentMessage From(string from, string sender = "bounce@example.com") => WithHeaders($"From: {from}", sender);

    public static ContentReport Report(SpfVerdict[]? spf = null, DkimVerdict[]? dkim = null, ArcVerdict? arc = null)
    {
        var report = new ContentReport();
        foreach (var verdict in spf ?? []) report.AddSpf(verdict);
        foreach (var verdict in dkim ?? []) report.AddDkim(verdict);
        if (arc is not null) report.SetArc(arc);
        return report;
    }

    public static DkimVerdict DkimPass(string domain) => new("pass", domain, "s1", "rsa-sha256");

    public static SpfVerdict SpfPass(string domain) => new("pass", "mailfrom", domain);
}
