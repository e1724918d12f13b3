using Mizugiwa.Pop3.Tests.Support;

namespace Mizugiwa.Pop3.Tests;

/// <summary>Bad input: unknown commands, long lines, bytes that are not text, too many errors, the idle timer.</summary>
public sealed class ProtocolTests : IDisposable
{
    private readonly Pop3Harness _h = new(o => o with { MaxBadCommands = 4 });

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task The_greeting_names_the_host()
    {
        var client = await _h.ConnectAsync(readGreeting: false);
        Assert.Equal("+OK mx.example.test POP3 server ready", await client.ReadLineAsync());
    }

    [Fact]
    public async Task Unknown_commands_are_named_and_too_many_errors_close_the_connection()
    {
        var client = await _h.ConnectAsync();
        Assert.Equal("-ERR Unknown command 'APOP'", await client.CommandAsync("APOP alice 0123456789abcdef"));
        Assert.Equal("-ERR Unknown command 'FOO?BAR'", await client.CommandAsync("foo\u0001bar"));
        Assert.Equal("-ERR Empty command", await client.CommandAsync(""));
        Assert.Equal("-ERR Unknown command 'XYZZY'", await client.CommandAsync("XYZZY"));
        Assert.Equal("-ERR Too many bad commands, closing connection", await client.ReadLineAsync());
        Assert.Null(await client.ReadLineOrEndAsync());
        await client.EndedAsync();
    }

    [Fact]
    public async Task A_line_over_the_limit_or_with_nul_is_refused_and_the_session_goes_on()
    {
        var client = await _h.ConnectAsync();
        Assert.Equal("-ERR Command line too long", await client.CommandAsync("USER " + new string('a', 600)));
        Assert.Equal("-ERR Command line is not valid UTF-8 or contains NUL", await client.CommandAsync("USER a\0b"));
        Assert.Equal("+OK Send the password", await client.CommandAsync("USER alice@example.test"));
    }

    [Fact]
    public async Task Quit_before_login_signs_off()
    {
        var client = await _h.ConnectAsync();
        Assert.Equal("+OK mx.example.test POP3 server signing off", await client.CommandAsync("QUIT"));
        Assert.Null(await client.ReadLineOrEndAsync());
    }

    [Fact]
    public async Task The_idle_timer_is_ten_minutes_by_default()
    {
        var client = await _h.ConnectAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("+OK Send the password", await client.CommandAsync("USER alice@example.test"));
        _h.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("+OK Capability list follows", await client.CommandAsync("CAPA"));
        await client.ReadBodyAsync();
        Assert.Equal("-ERR Idle for too long, closing connection", await _h.AdvanceUntilAsync(client.ReadLineAsync(), TimeSpan.FromMinutes(10)));
        Assert.Null(await client.ReadLineOrEndAsync());
    }
}
