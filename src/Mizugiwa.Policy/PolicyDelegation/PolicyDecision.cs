using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>
/// The answer to one request: the action text, and for a judged request the session the checks saw
/// and the verdict that decided (for the log); <paramref name="Note"/> says why a request was not judged.
/// </summary>
public sealed record PolicyDecision(string Action, SessionContext? Session = null, Verdict? Verdict = null, string? Note = null)
{
    public bool Judged => Session is not null;

    public static PolicyDecision NotJudged(string note) => new(PolicyActions.Dunno, Note: note);
}
