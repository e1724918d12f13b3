using Mizugiwa.Core;
using Mizugiwa.Imap.Tests.Support;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Imap.Tests;

/// <summary>
/// QUOTA (RFC 9208) over the same <see cref="MailboxSpace"/> that APPEND and delivery are held to: the account's
/// quota and the Maildir++ maildirsize, STORAGE in units of 1024 octets rounded up.
/// </summary>
public sealed class QuotaTests : IDisposable
{
    private readonly TestMaildir _maildir = new();

    [Fact]
    public async Task GETQUOTAROOT_and_GETQUOTA_report_the_accounts_quota_and_usage_which_APPEND_raises()
    {
        var first = new FileInfo(_maildir.Deliver(TestMaildir.Simple("one"))).Length;
        var second = new FileInfo(_maildir.Deliver(TestMaildir.Simple("two"))).Length;
        await using var server = new ImapTestServer(_maildir, space: Space(quota: 10_000));
        await using var client = await ImapTestClient.ConnectAsync(server.Port);
        Assert.DoesNotContain("QUOTA", client.Greeting);
        var login = await client.LoginAsync();
        Assert.Contains(" QUOTA QUOTA=RES-STORAGE", login[^1]);
        Assert.DoesNotContain("RES-MESSAGE", login[^1]);
        Assert.DoesNotContain("QUOTASET", login[^1]);

        long used = (first + second + 1023) / 1024;
        var answer = await client.CommandAsync("GETQUOTAROOT inbox");
        Assert.Equal(["* QUOTAROOT INBOX \"\"", $"* QUOTA \"\" (STORAGE {used} 10)", $"{client.LastTag} OK GETQUOTAROOT completed"], answer);
        answer = await client.CommandAsync("GETQUOTA \"\"");
        Assert.Equal([$"* QUOTA \"\" (STORAGE {used} 10)", $"{client.LastTag} OK GETQUOTA completed"], answer);

        Assert.Equal("OK CREATE completed", await client.ResultAsync("CREATE Archive"));
        var tag = client.NextTag();
        await client.SendAsync($"{tag} APPEND Archive {{2048+}}\r\n{new string('x', 2048)}\r\n");
        Assert.StartsWith($"{tag} OK [APPENDUID", (await client.ReadUntilTaggedAsync(tag))[^1]);
        answer = await client.CommandAsync("GETQUOTAROOT Archive");
        Assert.Equal(["* QUOTAROOT Archive \"\"", $"* QUOTA \"\" (STORAGE {(first + second + 2048 + 1023) / 1024} 10)", $"{client.LastTag} OK GETQUOTAROOT completed"], answer);
    }

    [Fact]
    public async Task An_account_without_a_quota_has_no_quota_root()
    {
        await using var server = new ImapTestServer(_maildir, space: Space(quota: null));
        await using var client = await ImapTestClient.ConnectAsync(server.Port);
        await client.LoginAsync();
        var answer = await client.CommandAsync("GETQUOTAROOT INBOX");
        Assert.Equal(["* QUOTAROOT INBOX", $"{client.LastTag} OK GETQUOTAROOT completed (no quota)"], answer);
        Assert.Equal("NO [NONEXISTENT] this account has no quota", await client.ResultAsync("GETQUOTA \"\""));
    }

    [Theory]
    [InlineData("GETQUOTAROOT Nowhere", "NO [NONEXISTENT] no mailbox named 'Nowhere'")]
    [InlineData("GETQUOTAROOT ../x", "NO [CANNOT] '../x': mailbox names are INBOX or letters, digits, '-' and '_' (no hierarchy)")]
    [InlineData("GETQUOTAROOT", "BAD expected a space")]
    [InlineData("GETQUOTA \"user.alice\"", "NO [NONEXISTENT] no such quota root (the only one is \"\")")]
    [InlineData("GETQUOTA \"\" extra", "BAD unexpected text at the end of the command")]
    [InlineData("SETQUOTA \"\" (STORAGE 512)", "NO [NOPERM] quotas are set by the administrator, not over IMAP")]
    [InlineData("SETQUOTA \"\" ()", "NO [NOPERM] quotas are set by the administrator, not over IMAP")]
    [InlineData("SETQUOTA \"\" (STORAGE lots)", "BAD a resource limit must be a number")]
    [InlineData("SETQUOTA \"\" STORAGE 512", "BAD expected '(' to start the resource limits")]
    public async Task Bad_quota_commands_get_a_clear_answer_and_the_session_goes_on(string command, string response)
    {
        await using var server = new ImapTestServer(_maildir, space: Space(quota: 10_000));
        await using var client = await ImapTestClient.ConnectAsync(server.Port);
        Assert.Equal("NO [AUTHORIZATIONFAILED] log in first", await client.ResultAsync(command));
        await client.LoginAsync();
        Assert.Equal(response, await client.ResultAsync(command));
        Assert.Equal("OK NOOP completed", await client.ResultAsync("NOOP"));
    }

    [Fact]
    public async Task A_directory_that_cannot_answer_gives_UNAVAILABLE()
    {
        await using var server = new ImapTestServer(_maildir, space: new MailboxSpace(_maildir.Root, new BrokenQuotas(), null, TimeProvider.System));
        await using var client = await ImapTestClient.ConnectAsync(server.Port);
        await client.LoginAsync();
        Assert.Equal("NO [UNAVAILABLE] the quota cannot be looked up now, try again later", await client.ResultAsync("GETQUOTAROOT INBOX"));
        Assert.Equal("OK NOOP completed", await client.ResultAsync("NOOP"));
    }

    [Fact]
    public async Task STATUS_tells_what_EXPUNGE_would_free()
    {
        _maildir.Deliver(TestMaildir.Simple("kept"));
        var deleted = new FileInfo(_maildir.Deliver(TestMaildir.Simple("gone", body: new string('b', 3000) + "\n"))).Length;
        await using var server = new ImapTestServer(_maildir, space: Space(quota: 10_000));
        await using var client = await ImapTestClient.ConnectAsync(server.Port);
        await client.LoginAsync();
        await client.CommandAsync("SELECT INBOX");
        await client.CommandAsync("STORE 2 +FLAGS.SILENT (\\Deleted)");
        Assert.Equal($"* STATUS INBOX (DELETED 1 DELETED-STORAGE {(deleted + 1023) / 1024} MESSAGES 2)",
            (await client.CommandAsync("STATUS INBOX (DELETED DELETED-STORAGE MESSAGES)"))[0]);
    }

    private MailboxSpace Space(long? quota) => new(_maildir.Root, new FixedQuotas(quota), null, TimeProvider.System);

    private sealed class FixedQuotas(long? quota) : IMailboxQuotas
    {
        public ValueTask<long?> GetQuotaAsync(string mailbox, CancellationToken cancellationToken) => ValueTask.FromResult(quota);
    }

    private sealed class BrokenQuotas : IMailboxQuotas
    {
        public ValueTask<long?> GetQuotaAsync(string mailbox, CancellationToken cancellationToken) => throw new InvalidOperationException("directory down");
    }

    public void Dispose() => _maildir.Dispose();
}
