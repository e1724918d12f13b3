namespace Mizugiwa.Smtp.Checks;

/// <summary>What a check decides (Haraka's vocabulary: CONT, OK, DENYSOFT, DENY, …DISCONNECT).</summary>
public enum VerdictAction
{
    /// <summary>No objection; the next check runs.</summary>
    Continue,
    /// <summary>Accepted at this stage: later checks of the stage are skipped.</summary>
    Accept,
    /// <summary>Temporary failure (4xx).</summary>
    Defer,
    /// <summary>Permanent failure (5xx).</summary>
    Reject,
    DeferDisconnect,
    RejectDisconnect,
}

/// <summary>A named score that a check adds; the content level sums them later.</summary>
public sealed record Symbol(string Name, double Score);

/// <summary>A header a check wants on the message, e.g. X-Envelope-Information: match S25R.</summary>
public sealed record AddedHeader(string Name, string Value);

/// <summary>The result of one check: an action, the reply that goes with it, and what fired.</summary>
public sealed record Verdict(VerdictAction Action, SmtpReply? Reply = null, string? Check = null, string? Rule = null)
{
    public static readonly Verdict Continue = new(VerdictAction.Continue);

    public IReadOnlyList<Symbol> Symbols { get; init; } = [];
    public IReadOnlyList<AddedHeader> Headers { get; init; } = [];
    /// <summary>Wait this long before replying (tarpit).</summary>
    public TimeSpan Delay { get; init; }

    public bool IsFailure => Action is VerdictAction.Defer or VerdictAction.Reject or VerdictAction.DeferDisconnect or VerdictAction.RejectDisconnect;
    public bool Disconnects => Action is VerdictAction.DeferDisconnect or VerdictAction.RejectDisconnect;

    public static Verdict Accept(string check, string? rule = null) => new(VerdictAction.Accept, null, check, rule);
    public static Verdict Defer(SmtpReply reply, string check, string? rule = null) => new(VerdictAction.Defer, reply, check, rule);
    public static Verdict Reject(SmtpReply reply, string check, string? rule = null) => new(VerdictAction.Reject, reply, check, rule);
}
