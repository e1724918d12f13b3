using MimeKit;

namespace Mizugiwa.Content.Scoring;

/// <summary>
/// Changes a message after the scan (e.g. strips a blocked attachment). Rewriters run in turn, each on
/// what the one before produced (<paramref name="current"/>); returns the changed message (a copy or
/// <paramref name="current"/> itself), or null when it changed nothing.
/// </summary>
public interface IContentRewriter
{
    MimeMessage? Rewrite(MimeMessage current, ContentMessage message, ContentVerdict verdict);
}
