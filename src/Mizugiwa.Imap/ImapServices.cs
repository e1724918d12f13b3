using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Imap;

/// <summary>
/// What IMAP sessions share: the password checks and brute-force guard of SMTP AUTH (so a failure on
/// one protocol counts on the other), the clock, the log, and the tokens of shutdown: at
/// <paramref name="stopping"/> sessions that wait for the client end at once (IMAP clients stay connected
/// for hours), at <paramref name="sessionEnd"/> also those still running a command.
/// </summary>
public sealed class ImapServices(ImapSessionOptions options, SmtpAuthServices auth, TimeProvider time, ILogger logger, CancellationToken sessionEnd,
    CancellationToken stopping = default)
{
    public ImapSessionOptions Options { get; } = options;
    public SmtpAuthServices Auth { get; } = auth;
    public TimeProvider Time { get; } = time;
    public ILogger Logger { get; } = logger;
    public CancellationToken SessionEnd { get; } = sessionEnd;
    public CancellationToken Stopping { get; } = stopping;
    /// <summary>The users' quotas, held against APPEND and COPY; null: no quota checks.</summary>
    public IMailboxSpace? Space { get; init; }
    /// <summary>Where moves into and out of Junk are reported; null: they teach nothing.</summary>
    public IJunkReports? JunkReports { get; init; }
}
