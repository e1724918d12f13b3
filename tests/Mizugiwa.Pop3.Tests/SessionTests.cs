using Mizugiwa.Pop3.Tests.Support;

namespace Mizugiwa.Pop3.Tests;

/// <summary>The TRANSACTION state over a harness session: STAT, LIST, UIDL, RETR, TOP, DELE, RSET, QUIT and UPDATE.</summary>
public sealed class SessionTests : IDisposable
{
    private const string Alice = FakeCredentials.Alice;
    private const string First = "1733369000.M1P10Q1.host";
    private const string Second = "1733369001.M2P10Q2.host";
    private const string FirstMessage = "Subject: one\r\nFrom: a@b.test\r\n\r\nHello\r\n.a line with a dot\r\n";
    // Stored with bare LF endings: sent and counted with CRLF.
    private const string SecondMessage = "Subject: two\n\nline 1\nline 2\nline 3\n";

    private readonly Pop3Harness _h = new();

    public SessionTests()
    {
        _h.Deliver(Alice, FirstMessage, First);
        _h.Deliver(Alice, SecondMessage, Second + ":2,S", folder: "cur");
    }

    public void Dispose() => _h.Dispose();

    private static long Octets(string stored) => stored.Replace("\r\n", "\n").Replace("\n", "\r\n").Length;

    [Fact]
    public async Task Login_says_how_many_messages_and_octets_and_stat_and_list_agree()
    {
        var client = await _h.ConnectAsync();
        Assert.Equal("+OK Send the password", await client.CommandAsync($"USER {Alice}"));
        var total = Octets(FirstMessage) + Octets(SecondMessage);
        Assert.Equal($"+OK {Alice} has 2 message(s) ({total} octets)", await client.CommandAsync($"PASS {FakeCredentials.AlicePassword}"));
        Assert.Equal($"+OK 2 {total}", await client.CommandAsync("STAT"));
        var (status, lines) = await client.MultilineAsync("LIST");
        Assert.StartsWith("+OK", status);
        Assert.Equal([$"1 {Octets(FirstMessage)}", $"2 {Octets(SecondMessage)}"], lines);
        Assert.Equal($"+OK 2 {Octets(SecondMessage)}", await client.CommandAsync("LIST 2"));
        Assert.Equal("-ERR no such message '3'", await client.CommandAsync("LIST 3"));
        Assert.Equal("-ERR no such message 'x'", await client.CommandAsync("LIST x"));
    }

    [Fact]
    public async Task Uidl_gives_the_maildir_names_before_the_colon()
    {
        var client = await _h.LoginAsync();
        var (_, lines) = await client.MultilineAsync("UIDL");
        Assert.Equal([$"1 {First}", $"2 {Second}"], lines);
        Assert.Equal($"+OK 2 {Second}", await client.CommandAsync("UIDL 2"));
    }

    [Fact]
    public async Task Retr_sends_crlf_lines_byte_stuffed_with_the_listed_size_and_moves_the_file_to_cur_keeping_its_uid()
    {
        var client = await _h.LoginAsync();
        Assert.Equal($"+OK {Octets(FirstMessage)} octets", await client.CommandAsync("RETR 1"));
        Assert.Equal(["Subject: one", "From: a@b.test", "", "Hello", "..a line with a dot"], await client.ReadBodyAsync());
        Assert.Equal($"+OK {Octets(SecondMessage)} octets", await client.CommandAsync("RETR 2"));
        Assert.Equal(["Subject: two", "", "line 1", "line 2", "line 3"], await client.ReadBodyAsync());
        Assert.Empty(_h.Files(Alice, "new"));
        Assert.Equal([First + ":2,S", Second + ":2,S"], _h.Files(Alice, "cur"));
        Assert.Equal($"+OK 1 {First}", await client.CommandAsync("UIDL 1"));
        Assert.Equal($"+OK {Octets(FirstMessage)} octets", await client.CommandAsync("RETR 1"));
        Assert.Equal(5, (await client.ReadBodyAsync()).Count);
    }

    [Fact]
    public async Task Top_sends_the_headers_and_n_lines_and_does_not_mark_the_message_seen()
    {
        var client = await _h.LoginAsync();
        Assert.Equal("+OK top of message follows", await client.CommandAsync("TOP 2 1"));
        Assert.Equal(["Subject: two", "", "line 1"], await client.ReadBodyAsync());
        Assert.Equal("+OK top of message follows", await client.CommandAsync("TOP 1 0"));
        Assert.Equal(["Subject: one", "From: a@b.test", ""], await client.ReadBodyAsync());
        Assert.Equal("-ERR 'x' is not a number of lines", await client.CommandAsync("TOP 1 x"));
        Assert.Equal("-ERR TOP takes a message number and a number of lines", await client.CommandAsync("TOP 1"));
        Assert.Equal([First], _h.Files(Alice, "new"));
    }

    [Fact]
    public async Task Dele_hides_a_message_rset_brings_it_back_and_quit_removes_the_file()
    {
        var client = await _h.LoginAsync();
        Assert.Equal("+OK message 1 deleted", await client.CommandAsync("DELE 1"));
        Assert.Equal("-ERR message 1 already deleted", await client.CommandAsync("RETR 1"));
        Assert.Equal("-ERR message 1 already deleted", await client.CommandAsync("DELE 1"));
        Assert.Equal($"+OK 1 {Octets(SecondMessage)}", await client.CommandAsync("STAT"));
        Assert.Equal([$"2 {Second}"], (await client.MultilineAsync("UIDL")).Lines);
        Assert.StartsWith("+OK maildrop has 2 message(s)", await client.CommandAsync("RSET"));
        Assert.Equal("+OK message 2 deleted", await client.CommandAsync("DELE 2"));
        Assert.Equal("+OK mx.example.test POP3 server signing off (1 message(s) deleted)", await client.CommandAsync("QUIT"));
        await client.EndedAsync();
        Assert.Equal([First], _h.Files(Alice, "new"));
        Assert.Empty(_h.Files(Alice, "cur"));
    }

    [Fact]
    public async Task A_deleted_file_that_is_already_gone_is_not_an_error_and_a_session_that_ends_without_quit_deletes_nothing()
    {
        var client = await _h.LoginAsync();
        Assert.StartsWith("+OK", await client.CommandAsync("DELE 1"));
        Assert.StartsWith("+OK", await client.CommandAsync("DELE 2"));
        File.Delete(Path.Combine(_h.MaildirOf(Alice), "new", First));
        Assert.Equal("+OK mx.example.test POP3 server signing off (2 message(s) deleted)", await client.CommandAsync("QUIT"));
        await client.EndedAsync();
        Assert.Empty(_h.Files(Alice, "cur"));

        _h.Deliver(Alice, FirstMessage, First);
        var dropped = await _h.LoginAsync();
        Assert.StartsWith("+OK", await dropped.CommandAsync("DELE 1"));
        _h.Shutdown.Cancel();
        Assert.Equal("-ERR [SYS/TEMP] Server shutting down; nothing was deleted", await dropped.ReadLineAsync());
        await dropped.EndedAsync();
        Assert.Equal([First], _h.Files(Alice, "new"));
    }

    [Fact]
    public async Task Retr_of_a_message_another_reader_removed_is_an_error_and_the_session_goes_on()
    {
        var client = await _h.LoginAsync();
        File.Delete(Path.Combine(_h.MaildirOf(Alice), "new", First));
        Assert.Equal("-ERR message 1 is no longer in the mailbox", await client.CommandAsync("RETR 1"));
        Assert.Equal("+OK", await client.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task Retr_finds_a_message_another_reader_moved_to_cur()
    {
        var client = await _h.LoginAsync();
        var maildir = _h.MaildirOf(Alice);
        File.Move(Path.Combine(maildir, "new", First), Path.Combine(maildir, "cur", First + ":2,RS"));
        Assert.StartsWith("+OK", await client.CommandAsync("RETR 1"));
        Assert.Equal(5, (await client.ReadBodyAsync()).Count);
    }

    [Fact]
    public async Task An_empty_or_missing_maildir_is_an_empty_maildrop()
    {
        var client = await _h.LoginAsync(FakeCredentials.Bob, FakeCredentials.BobPassword);
        Assert.Equal("+OK 0 0", await client.CommandAsync("STAT"));
        Assert.Empty((await client.MultilineAsync("LIST")).Lines);
        Assert.StartsWith("+OK", await client.CommandAsync("QUIT"));
    }

    [Fact]
    public async Task Pipelined_commands_in_one_write_get_their_replies_in_order()
    {
        var client = await _h.LoginAsync();
        await client.SendAsync("STAT\r\nUIDL 1\r\nTOP 2 0\r\nNOOP\r\n");
        Assert.StartsWith("+OK 2 ", await client.ReadLineAsync());
        Assert.Equal($"+OK 1 {First}", await client.ReadLineAsync());
        Assert.Equal("+OK top of message follows", await client.ReadLineAsync());
        Assert.Equal(["Subject: two", ""], await client.ReadBodyAsync());
        Assert.Equal("+OK", await client.ReadLineAsync());
    }
}
