using System.Text;
using Mizugiwa.Policy.Tests.Flow;
using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Smtp.Tests.Support;

/// <summary>A <see cref="SessionHarness"/> for a submission listener with AUTH over the fake directory and an in-memory state store.</summary>
internal static class AuthHarness
{
    public static SessionHarness Create(Func<SmtpAuthOptions, SmtpAuthOptions>? configure = null, SmtpListenerKind kind = SmtpListenerKind.Submission,
        FakeCredentials? credentials = null, InMemoryStateStore? store = null, Func<string>? scramNonce = null)
    {
        var h = new SessionHarness();
        // The harness has no TLS, so AUTH must be allowed in clear text; no tarpit unless a test asks for one.
        var options = new SmtpAuthOptions { AllowPlaintextAuth = true, FailureDelayStep = TimeSpan.Zero };
        options = configure?.Invoke(options) ?? options;
        h.Options = new SmtpSessionOptions { HostName = "mx.example.test", ErrorDelayStep = TimeSpan.Zero, Kind = kind, Auth = options };
        h.Auth = new SmtpAuthServices(credentials ?? new FakeCredentials(), store ?? new InMemoryStateStore(h.Time), options, h.Time) { ScramServerNonce = scramNonce };
        return h;
    }

    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static string Plain(string user, string password, string authzid = "") => B64($"{authzid}\0{user}\0{password}");

    public static string AlicePlain => Plain("alice@example.test", FakeCredentials.AlicePassword);
}
