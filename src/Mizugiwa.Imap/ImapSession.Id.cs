namespace Mizugiwa.Imap;

/// <summary>
/// ID (RFC 2971), in any state: the client's name and version are logged, once a session so a client cannot
/// fill the log; the answer names the server and nothing else (no version, so nothing is learned about which
/// bugs it may have).
/// </summary>
internal sealed partial class ImapSession
{
    private bool _identified;

    private string Id(ImapParser parser)
    {
        if (parser.AtEnd) throw new ImapSyntaxException("ID takes NIL or a parenthesised list of field-value pairs");
        parser.Space();
        var identity = ClientIdentity.Parse(parser);
        parser.End();
        if (identity.Count > 0 && !_identified)
        {
            _identified = true;
            ImapLog.ClientIdentified(_services.Logger, _id, ClientText, _user ?? "", ClientIdentity.ForLog(identity["name"]), ClientIdentity.ForLog(identity["version"]));
        }
        _output.Line("* ID (\"name\" \"Mizugiwa\")");
        return "OK ID completed";
    }
}
