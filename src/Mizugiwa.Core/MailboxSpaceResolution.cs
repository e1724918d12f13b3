namespace Mizugiwa.Core;

public static class MailboxSpaceResolution
{
    /// <summary>Room in <paramref name="mailbox"/>, one of <paramref name="resolution"/>'s, judged by the quota the resolution carries when it does.</summary>
    public static ValueTask<bool> HasRoomAsync(this IMailboxSpace space, RecipientResolution resolution, string mailbox, long bytes, CancellationToken cancellationToken) =>
        resolution.OwnQuotas is { } quotas && quotas.TryGetValue(mailbox, out var quota)
            ? space.HasRoomUnderAsync(mailbox, quota, bytes, cancellationToken)
            : space.HasRoomAsync(mailbox, bytes, cancellationToken);
}
