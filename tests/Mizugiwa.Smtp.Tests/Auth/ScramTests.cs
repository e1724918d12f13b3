using System.Text;
using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Smtp.Tests.Support;
using static Mizugiwa.Smtp.Tests.Support.AuthHarness;

namespace Mizugiwa.Smtp.Tests.Auth;

/// <summary>SCRAM-SHA-256 (RFC 5802/7677), checked against the example exchange of RFC 7677 §3.</summary>
public sealed class ScramTests
{
    private const string ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string ServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    [Fact]
    public async Task Rfc7677_example_exchange_through_the_exchange_object()
    {
        var exchange = new ScramSha256Exchange(new FakeCredentials(), () => ServerNonce);
        var first = await exchange.StepAsync(Encoding.ASCII.GetBytes(ClientFirst), CancellationToken.None);
        Assert.Equal(SaslOutcome.Challenge, first.Outcome);
        Assert.Equal(ServerFirst, Encoding.ASCII.GetString(first.Challenge!));
        var final = await exchange.StepAsync(Encoding.ASCII.GetBytes(ClientFinal), CancellationToken.None);
        Assert.Equal(SaslOutcome.Challenge, final.Outcome);
        Assert.Equal(ServerFinal, Encoding.ASCII.GetString(final.Challenge!));
        var done = await exchange.StepAsync([], CancellationToken.None);
        Assert.Equal(SaslOutcome.Success, done.Outcome);
        Assert.Equal("user", done.Account);
    }

    [Fact]
    public async Task Rfc7677_example_exchange_through_an_smtp_session()
    {
        var h = Create(scramNonce: () => ServerNonce);
        var transcript = await h.RunAsync($"EHLO c\r\nAUTH SCRAM-SHA-256 {B64(ClientFirst)}\r\n{B64(ClientFinal)}\r\n\r\nQUIT\r\n");
        Assert.Contains($"\r\n334 {B64(ServerFirst)}\r\n334 {B64(ServerFinal)}\r\n235 2.7.0 Authentication successful\r\n", transcript);
    }

    [Fact]
    public void Rfc7677_keys_derive_and_survive_the_rfc5803_format()
    {
        var keys = ScramCredentials.Derive("user", "pencil", FakeCredentials.Rfc7677Salt, 4096);
        var parsed = ScramCredentials.TryParse("user", keys.Format());
        Assert.NotNull(parsed);
        Assert.Equal(keys.StoredKey, parsed.StoredKey);
        Assert.Equal(keys.ServerKey, parsed.ServerKey);
        Assert.Equal(4096, parsed.Iterations);
        Assert.StartsWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$", keys.Format());
        Assert.Equal(10000, ScramCredentials.Create("a", "b").Iterations);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("SCRAM-SHA-256$100:c2FsdHNhbHQ=$AAAA:AAAA")]
    [InlineData("SCRAM-SHA-1$4096:c2FsdHNhbHQ=$AAAA:AAAA")]
    [InlineData("SCRAM-SHA-256$4096:not base64$AAAA:AAAA")]
    public void Malformed_stored_keys_are_no_keys(string? stored) => Assert.Null(ScramCredentials.TryParse("u", stored));

    [Fact]
    public async Task A_wrong_proof_fails()
    {
        var exchange = new ScramSha256Exchange(new FakeCredentials(), () => ServerNonce);
        await exchange.StepAsync(Encoding.ASCII.GetBytes(ClientFirst), CancellationToken.None);
        var wrong = ClientFinal.Replace("p=dHzb", "p=dHza", StringComparison.Ordinal);
        var final = await exchange.StepAsync(Encoding.ASCII.GetBytes(wrong), CancellationToken.None);
        Assert.Equal(SaslOutcome.Failure, final.Outcome);
        Assert.Equal("user", final.User);
    }

    [Theory]
    [InlineData("n,,n=nobody@example.test,r=abc")] // no such account: a made-up salt, fails at the proof
    [InlineData("n,,n=bob@example.test,r=abc")] // an account without SCRAM keys
    public async Task Users_without_keys_go_through_the_exchange_and_fail_at_the_proof(string clientFirst)
    {
        var exchange = new ScramSha256Exchange(new FakeCredentials(), () => "srv");
        var first = await exchange.StepAsync(Encoding.ASCII.GetBytes(clientFirst), CancellationToken.None);
        Assert.Equal(SaslOutcome.Challenge, first.Outcome);
        Assert.Matches("^r=abcsrv,s=[A-Za-z0-9+/=]+,i=10000$", Encoding.ASCII.GetString(first.Challenge!));
        var final = await exchange.StepAsync(Encoding.ASCII.GetBytes("c=biws,r=abcsrv,p=" + Convert.ToBase64String(new byte[32])), CancellationToken.None);
        Assert.Equal(SaslOutcome.Failure, final.Outcome);
    }

    [Theory]
    [InlineData("p=tls-unique,,n=user,r=abc")] // channel binding: we offer no -PLUS
    [InlineData("n,a=bob,n=user,r=abc")] // acting for another user
    [InlineData("n,,n=us=2Xer,r=abc")] // bad saslname escape
    [InlineData("n,,r=abc")]
    [InlineData("n,,n=user,r=abc,m=ext")] // unknown mandatory extension
    public async Task Bad_client_first_messages_fail(string clientFirst)
    {
        var exchange = new ScramSha256Exchange(new FakeCredentials());
        var step = await exchange.StepAsync(Encoding.ASCII.GetBytes(clientFirst), CancellationToken.None);
        Assert.Equal(SaslOutcome.Failure, step.Outcome);
    }

    [Fact]
    public async Task A_wrong_channel_binding_echo_or_nonce_fails()
    {
        foreach (var final in new[] { ClientFinal.Replace("c=biws", "c=eSws", StringComparison.Ordinal), ClientFinal.Replace("$k0,", "$k1,", StringComparison.Ordinal) })
        {
            var exchange = new ScramSha256Exchange(new FakeCredentials(), () => ServerNonce);
            await exchange.StepAsync(Encoding.ASCII.GetBytes(ClientFirst), CancellationToken.None);
            Assert.Equal(SaslOutcome.Failure, (await exchange.StepAsync(Encoding.ASCII.GetBytes(final), CancellationToken.None)).Outcome);
        }
    }

    [Fact]
    public async Task Something_else_than_an_empty_answer_after_the_server_signature_fails()
    {
        var h = Create(scramNonce: () => ServerNonce);
        var transcript = await h.RunAsync($"EHLO c\r\nAUTH SCRAM-SHA-256 {B64(ClientFirst)}\r\n{B64(ClientFinal)}\r\n{B64("x")}\r\nMAIL FROM:<user>\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "334", "334", "535", "530", "221"], SessionHarness.Codes(transcript));
    }

    [Theory]
    [InlineData("a=2Cb=3Dc", "a,b=c")]
    [InlineData("plain", "plain")]
    [InlineData("bad=", null)]
    [InlineData("bad=41", null)]
    public void Saslname_escapes(string text, string? expected) => Assert.Equal(expected, ScramSha256Exchange.DecodeSaslName(text));
}
