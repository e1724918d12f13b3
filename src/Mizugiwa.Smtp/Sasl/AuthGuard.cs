using Mizugiwa.Core;
using System.Net;
using System.Net.Sockets;
using Mizugiwa.Core.State;

namespace Mizugiwa.Smtp.Sasl;

/// <summary>What a failed login leads to.</summary>
/// <param name="Delay">How long to wait before the 535.</param>
/// <param name="LockedOut">The client address has now reached the lockout threshold.</param>
public readonly record struct AuthFailure(TimeSpan Delay, bool LockedOut, long AddressFailures, long AccountFailures);

/// <summary>
/// Brute-force protection on the shared state store: failed logins are counted per client address
/// (IPv6 per /64) and per account in sliding windows. Each failure's 535 waits longer the more recent
/// failures there are; an address that reaches the threshold is locked out for a while (454 4.7.0 to
/// every AUTH). An account is never locked: its failures only add delay to failed attempts, so an
/// attacker cannot keep its owner out, who logs in at once with the right password.
/// </summary>
public sealed class AuthGuard(IStateStore store, SmtpAuthOptions options)
{
    public const string AddressFailuresPrefix = "auth:fail:ip:";
    public const string AccountFailuresPrefix = "auth:fail:user:";
    public const string LockPrefix = "auth:lock:";

    public async ValueTask<bool> IsLockedOutAsync(IPAddress client, CancellationToken cancellationToken) =>
        options.LockoutAfterFailures > 0 && await store.GetAsync(LockPrefix + SourceKey(client), cancellationToken) is not null;

    public async ValueTask<AuthFailure> RecordFailureAsync(IPAddress client, string? user, CancellationToken cancellationToken)
    {
        var source = SourceKey(client);
        var byAddress = await store.AddToWindowAsync(AddressFailuresPrefix + source, options.FailureWindow, 1, cancellationToken);
        long byAccount = 0;
        if (!string.IsNullOrEmpty(user))
            byAccount = await store.AddToWindowAsync(AccountFailuresPrefix + user.ToLowerInvariant(), options.FailureWindow, 1, cancellationToken);
        bool locked = options.LockoutAfterFailures > 0 && byAddress >= options.LockoutAfterFailures;
        if (locked) await store.SetAsync(LockPrefix + source, byAddress.ToString(System.Globalization.CultureInfo.InvariantCulture), options.LockoutDuration, cancellationToken);
        var steps = Math.Max(byAddress, byAccount);
        var delay = TimeSpan.FromTicks(Math.Min(options.MaxFailureDelay.Ticks, options.FailureDelayStep.Ticks * steps));
        return new AuthFailure(delay, locked, byAddress, byAccount);
    }

    /// <summary>
    /// <see cref="IsLockedOutAsync(IPAddress, CancellationToken)"/> for a login: when the state store fails, nobody is
    /// locked out (a store outage must not keep every user out); the error goes to <paramref name="storeError"/>.
    /// </summary>
    public async ValueTask<bool> IsLockedOutAsync(IPAddress client, Action<string> storeError, CancellationToken cancellationToken)
    {
        try
        {
            return await IsLockedOutAsync(client, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            storeError(e.Message);
            return false;
        }
    }

    /// <summary>
    /// <see cref="RecordFailureAsync(IPAddress, string?, CancellationToken)"/> for a login: when the state store fails,
    /// the failure still waits one <see cref="SmtpAuthOptions.FailureDelayStep"/>; the error goes to <paramref name="storeError"/>.
    /// </summary>
    public async ValueTask<AuthFailure> RecordFailureAsync(IPAddress client, string? user, Action<string> storeError, CancellationToken cancellationToken)
    {
        try
        {
            return await RecordFailureAsync(client, user, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            storeError(e.Message);
            return new AuthFailure(options.FailureDelayStep, false, 0, 0);
        }
    }

    /// <summary>IPv4: the address; IPv6: its /64, since one host usually holds a whole /64.</summary>
    public static string SourceKey(IPAddress client)
    {
        client = ClientAddress.Unmapped(client);
        return client.AddressFamily == AddressFamily.InterNetworkV6 ? ClientAddress.NetworkOf(client) : client.ToString();
    }
}
