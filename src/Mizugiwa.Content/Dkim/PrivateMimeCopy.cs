using MimeKit;

namespace Mizugiwa.Content.Dkim;

/// <summary>
/// A verifier's own parse of the received octets. Verifying reads the body's content streams, which
/// are not safe to read from two threads, and analyzers of one stage (DKIM, ARC) run concurrently
/// on the shared <see cref="ContentMessage.Mime"/>.
/// </summary>
public static class PrivateMimeCopy
{
    public static MimeMessage Parse(ContentMessage message)
    {
        using var stream = new MemoryStream(message.Raw.ToArray(), writable: false);
        return new MimeParser(ParserOptions.Default, stream, MimeFormat.Entity, persistent: false).ParseMessage();
    }
}
