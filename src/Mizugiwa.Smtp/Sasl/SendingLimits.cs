using Mizugiwa.Core.State;

namespace Mizugiwa.Smtp.Sasl;

/// <summary>
/// Per-user outbound limits (messages and recipients per hour) on the shared state store, so a
/// stolen password cannot turn the server into a spam source. Accepted messages are counted at
/// the end of DATA; MAIL and RCPT are refused with 451 4.7.1 once a limit would be passed.
/// </summary>
public sealed class SendingLimits(IStateStore store, SmtpAuthOptions options)
{
    public const string MessagesPrefix = "submit:msgs:";
    public const string RecipientsPrefix = "submit:rcpts:";
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>True when the user may start one more message.</summary>
    public async ValueTask<bool> MayStartMessageAsync(string user, CancellationToken cancellationToken) =>
        options.MessagesPerHour <= 0 || await store.GetWindowAsync(MessagesPrefix + Key(user), Window, cancellationToken) < options.MessagesPerHour;

    /// <summary>True when the user may add one more recipient to the <paramref name="pending"/> ones of the open transaction.</summary>
    public async ValueTask<bool> MayAddRecipientAsync(string user, int pending, CancellationToken cancellationToken) =>
        options.RecipientsPerHour <= 0 || await store.GetWindowAsync(RecipientsPrefix + Key(user), Window, cancellationToken) + pending < options.RecipientsPerHour;

    public async ValueTask RecordAsync(string user, int recipients, CancellationToken cancellationToken)
    {
        await store.AddToWindowAsync(MessagesPrefix + Key(user), Window, 1, cancellationToken);
        await store.AddToWindowAsync(RecipientsPrefix + Key(user), Window, recipients, cancellationToken);
    }

    private static string Key(string user) => user.ToLowerInvariant();
}
