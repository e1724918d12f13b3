namespace Mizugiwa.Core;

/// <summary>Where a mailbox's mail is forwarded, and whether the mailbox also keeps its own copy.</summary>
public sealed record Forwarding(IReadOnlyList<string> Targets, bool KeepCopy)
{
    /// <summary>How many addresses one mailbox may forward to.</summary>
    public const int MaxTargets = 10;

    public static readonly Forwarding None = new([], KeepCopy: true);

    public bool IsActive => Targets.Count > 0;
}

/// <summary>Each local mailbox's forwarding, as the user or an admin set it.</summary>
public interface IForwardingDirectory
{
    /// <summary>The forwarding of a local mailbox; <see cref="Forwarding.None"/> when it has none.</summary>
    ValueTask<Forwarding> GetForwardingAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>Replaces the forwarding of an account; no targets turns forwarding off.</summary>
    Task SetForwardingAsync(string address, IReadOnlyList<string> targets, bool keepCopy, CancellationToken cancellationToken);
}
