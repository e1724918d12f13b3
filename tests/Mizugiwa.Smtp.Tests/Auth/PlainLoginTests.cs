using System.Text;
using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Smtp.Tests.Support;

namespace Mizugiwa.Smtp.Tests.Auth;

/// <summary>PLAIN (RFC 4616) and LOGIN parsing, and the password-check gate.</summary>
public sealed class PlainLoginTests
{
    [Theory]
    [InlineData("\0alice\0pw", "alice", "pw")]
    [InlineData("alice\0alice\0pw", "alice", "pw")]
    [InlineData("ALICE\0alice\0pw", "alice", "pw")]
    [InlineData("\0alice\0p\u00e9 w", "alice", "p\u00e9 w")]
    public void Plain_messages_parse(string message, string user, string password)
    {
        Assert.True(SaslPlainMessage.TryParse(Encoding.UTF8.GetBytes(message), out var u, out var p));
        Assert.Equal((user, password), (u, p));
    }

    [Fact]
    public void Plain_refuses_acting_for_another_user_and_still_names_the_user()
    {
        Assert.False(SaslPlainMessage.TryParse(Encoding.UTF8.GetBytes("bob\0alice\0pw"), out var user, out _));
        Assert.Equal("alice", user);
    }

    [Theory]
    [InlineData("AGFsaWNlAHB3", true)]
    [InlineData("AGFsaWNlAHB3 ", false)]
    [InlineData("AGFsaWNlAHB", false)]
    [InlineData("AGFs*WNlAHB3", false)]
    public void Base64_is_read_strictly(string text, bool readable) =>
        Assert.Equal(readable, SaslPlainMessage.DecodeBase64(text) is not null);

    [Theory]
    [InlineData("alice\0pw")]
    [InlineData("\0\0pw")]
    [InlineData("\0alice\0")]
    [InlineData("\0alice\0pw\0more")]
    public void Bad_plain_messages_do_not_parse(string message) =>
        Assert.False(SaslPlainMessage.TryParse(Encoding.UTF8.GetBytes(message), out _, out _));

    [Fact]
    public void Plain_refuses_invalid_utf8() =>
        Assert.False(SaslPlainMessage.TryParse([0, (byte)'a', 0, 0xff, 0xfe], out _, out _));

    [Fact]
    public async Task Login_steps()
    {
        using var gate = new PasswordCheckGate(new FakeCredentials(), 1, TimeSpan.FromSeconds(5), TimeProvider.System);
        var login = new LoginExchange(gate);
        Assert.Equal("Username:", Encoding.ASCII.GetString((await login.StepAsync(null, CancellationToken.None)).Challenge!));
        var password = await login.StepAsync(Encoding.UTF8.GetBytes("bob@example.test"), CancellationToken.None);
        Assert.Equal("Password:", Encoding.ASCII.GetString(password.Challenge!));
        var done = await login.StepAsync(Encoding.UTF8.GetBytes(FakeCredentials.BobPassword), CancellationToken.None);
        Assert.Equal(SaslStep.Succeeded("bob@example.test"), done);
    }

    [Fact]
    public async Task The_gate_lets_only_so_many_checks_run_and_times_out_the_rest()
    {
        var blocking = new BlockingVerifier();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var gate = new PasswordCheckGate(blocking, 1, TimeSpan.FromSeconds(10), time);
        var first = gate.VerifyAsync("a", "b", CancellationToken.None).AsTask();
        await blocking.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = gate.VerifyAsync("a", "b", CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<TimeoutException>(() => second.WaitAsync(TimeSpan.FromSeconds(10)));
        blocking.Release.SetResult();
        Assert.Equal("a", await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, blocking.Calls);
    }

    private sealed class BlockingVerifier : ICredentialVerifier
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Calls;

        public async ValueTask<string?> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            Entered.TrySetResult();
            await Release.Task;
            return user;
        }

        public ValueTask<ScramCredentials?> GetScramCredentialsAsync(string user, CancellationToken cancellationToken) => ValueTask.FromResult<ScramCredentials?>(null);
    }
}
