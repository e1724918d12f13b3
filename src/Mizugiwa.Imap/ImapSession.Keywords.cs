namespace Mizugiwa.Imap;

/// <summary>
/// Keywords and \Recent around the command handlers: the FLAGS and PERMANENTFLAGS a folder announces (its system
/// flags and keyword names, and <c>\*</c> while it has letters left for new keywords), announced again when the
/// folder's keyword list grows; the words for keywords that found no room; and the flag list a client sends.
/// </summary>
internal sealed partial class ImapSession
{
    /// <summary>"* FLAGS (…)" and "* OK [PERMANENTFLAGS (…)]" for the selected folder's keyword list.</summary>
    private void WriteFlagLists(SelectedFolder folder)
    {
        var keywords = string.Concat(folder.Keywords.Names.Select(name => " " + name));
        _output.Line($"* FLAGS ({MessageFlagText.Permanent}{keywords})");
        if (folder.ReadOnly) _output.Line("* OK [PERMANENTFLAGS ()] read-only");
        else if (folder.Keywords.IsFull)
            _output.Line($"* OK [PERMANENTFLAGS ({MessageFlagText.Permanent}{keywords})] flags kept; no new keywords: the folder has {MaildirKeywords.Capacity}, the most it can keep");
        else _output.Line($"* OK [PERMANENTFLAGS ({MessageFlagText.Permanent}{keywords} \\*)] flags kept");
    }

    /// <summary>
    /// Announces the folder's keyword list again when it changed since the client last heard (RFC 3501 §7.2.6),
    /// before any FETCH that shows a new keyword.
    /// </summary>
    private void ReportKeywords(MaildirKeywords now)
    {
        var folder = Selected;
        if (now.SameAs(folder.Keywords)) return;
        folder.Keywords = now;
        WriteFlagLists(folder);
    }

    /// <summary>The end of a tagged OK for APPEND, COPY and MOVE whose message kept its other flags but not these keywords.</summary>
    private static string NotKept(List<string> refused) =>
        refused.Count == 0 ? "" : $"; keywords not kept, the folder has {MaildirKeywords.Capacity} already: {string.Join(' ', refused)}";

    /// <summary>STORE's answer when keywords found no room; the other changes were made.</summary>
    private static string KeywordLimit(List<string> refused) =>
        $"NO [LIMIT] not stored: {string.Join(' ', refused)}; the folder has {MaildirKeywords.Capacity} keywords, the most it can keep (the other flags were stored)";

    /// <summary>STORE's flags: a parenthesised list or flags separated by spaces (RFC 3501 store-att-flags).</summary>
    private static RequestedFlags StoreFlags(ImapParser parser)
    {
        var names = new List<string>();
        if (parser.Peek == '(') names = parser.FlagList("the flags");
        else
        {
            names.Add(parser.Flag("a flag"));
            while (!parser.AtEnd)
            {
                parser.Space();
                names.Add(parser.Flag("a flag"));
            }
        }
        return MessageFlagText.ParseRequested(names);
    }
}
