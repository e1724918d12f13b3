using MimeKit;
using Mizugiwa.Content.Scoring;

namespace Mizugiwa.Content.Attachments;

/// <summary>Replaces the attachments the policy marked for stripping (ATTACHMENT_STRIP) with a short note.</summary>
public sealed class AttachmentStripRewriter : IContentRewriter
{
    public MimeMessage? Rewrite(MimeMessage current, ContentMessage message, ContentVerdict verdict)
    {
        var keys = AttachmentStripper.KeysToStrip(verdict.Report);
        return keys.Count == 0 ? null : AttachmentStripper.Strip(current, keys);
    }
}
