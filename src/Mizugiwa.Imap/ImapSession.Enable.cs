namespace Mizugiwa.Imap;

/// <summary>
/// ENABLE (RFC 5161), in the authenticated state before a mailbox is selected. No extension here needs
/// enabling yet (no CONDSTORE, QRESYNC or UTF8=ACCEPT), so every name is ignored as the RFC asks for
/// unknown ones, and the ENABLED response lists nothing.
/// </summary>
internal sealed partial class ImapSession
{
    private string Enable(ImapParser parser)
    {
        if (parser.AtEnd) throw new ImapSyntaxException("ENABLE needs at least one capability name");
        while (!parser.AtEnd)
        {
            parser.Space();
            parser.Atom("a capability name");
        }
        if (_selected is not null) return "BAD ENABLE is only allowed before a mailbox is selected (CLOSE or UNSELECT first)";
        _output.Line("* ENABLED");
        return "OK ENABLE completed";
    }
}
