namespace Mizugiwa.Core;

public enum RecipientStatus
{
    /// <summary>The domain is one of ours and the address resolves to at least one mailbox.</summary>
    Local,
    /// <summary>The domain is one of ours but nobody is there.</summary>
    UnknownUser,
    /// <summary>The domain is not ours: delivering would be relaying.</summary>
    NotLocal,
    /// <summary>The address exists but reaches only disabled accounts: refused with 5.2.1, not "unknown".</summary>
    Disabled,
    /// <summary>The address reaches only mailboxes that are over their quota: deferred with 4.2.2.</summary>
    MailboxFull,
}

/// <param name="Mailboxes">The local mailboxes (account addresses, or "postmaster") the address resolves to.</param>
public sealed record RecipientResolution(RecipientStatus Status, IReadOnlyList<string> Mailboxes)
{
    public static readonly RecipientResolution Unknown = new(RecipientStatus.UnknownUser, []);
    public static readonly RecipientResolution NotLocal = new(RecipientStatus.NotLocal, []);
    public static readonly RecipientResolution Disabled = new(RecipientStatus.Disabled, []);

    /// <summary>
    /// Each mailbox's own quota in bytes (null: none of its own), when the directory read it with the
    /// resolution, so checking the quota needs no second query; a mailbox missing here has it asked.
    /// </summary>
    public IReadOnlyDictionary<string, long?>? OwnQuotas { get; init; }
}

/// <summary>Answers at RCPT time whether an address is ours and which mailboxes it reaches.</summary>
public interface IRecipientDirectory
{
    ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken);
}
