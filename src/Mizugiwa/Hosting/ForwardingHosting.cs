using Mizugiwa.Configuration;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Forwarding;

namespace Mizugiwa.Hosting;

/// <summary>The SRS rewriting and forwarding services built from the "Forwarding" configuration.</summary>
internal static class ForwardingHosting
{
    public static SenderRewriting? Srs(MizugiwaOptions options, TimeProvider time)
    {
        if (!options.Forwarding.Srs) return null;
        // The configured secret was checked when the configuration was loaded.
        var secret = options.Forwarding.SrsSecret.Length == 0
            ? SenderRewriting.LoadOrCreateSecret(Path.Combine(options.DataDirectory, "srs.secret"))
            : Convert.FromBase64String(options.Forwarding.SrsSecret);
        return new SenderRewriting(secret, time, TimeSpan.FromDays(options.Forwarding.SrsMaxAgeDays));
    }

    public static ForwardingServices Services(MizugiwaOptions options, IForwardingDirectory directory, SenderRewriting? srs) =>
        new(directory, srs, options.Forwarding.MaxReceivedHops);
}
