using MimeKit;

namespace Mizugiwa.Content.Scoring;

/// <summary>Changes a message after the scan (e.g. strips a blocked attachment); returns null when it changed nothing.</summary>
public interface IContentRewriter
{
    MimeMessage? Rewrite(ContentMessage message, ContentVerdict verdict);
}
