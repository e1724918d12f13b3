namespace Mizugiwa.Imap;

/// <summary>
/// How large the literals of one command may be, by session state. Only a logged-in user's APPEND carries a
/// message; before login every literal is a small one (a user name, a password, an ID value), so a stranger can
/// never make the server hold or read through more than a few of those. A non-synchronising literal over its
/// limit is read past (<see cref="Skippable"/>, twice the largest literal allowed: a message somewhat too large
/// is an honest mistake worth reading past; a larger announcement ends the session instead).
/// </summary>
internal sealed record LiteralLimits(long Append, long Other, long Command, long Skippable)
{
    public static LiteralLimits For(ImapSessionOptions options, bool loggedIn) => loggedIn
        ? new(options.MaxAppendSize, options.MaxSmallLiteral, options.MaxAppendSize + options.MaxSmallLiteral, 2 * options.MaxAppendSize)
        : new(options.MaxSmallLiteral, options.MaxSmallLiteral, 2L * options.MaxSmallLiteral, 2L * options.MaxSmallLiteral);
}
