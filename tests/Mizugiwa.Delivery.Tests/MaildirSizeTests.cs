using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Core;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests;

/// <summary>Maildir++ usage accounting (maildirsize) and the quota decision on top of it.</summary>
public sealed class MaildirSizeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly GroupCommitter _committer = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose()
    {
        _committer.Dispose();
        _dir.Dispose();
    }

    private string Maildir => Path.Combine(_dir.Path, "mail", "example.test", "alice");
    private string SizeFile => Path.Combine(Maildir, MaildirSize.FileName);

    private async Task DeliverAsync(int bytes, string? folder = null)
    {
        var source = Path.Combine(_dir.Path, "message.msg");
        await File.WriteAllTextAsync(source, new string('x', bytes));
        var target = folder is null ? Maildir : MaildirLayout.FolderPath(Maildir, folder);
        await new MaildirWriter(_committer, _time).DeliverAsync(target, default, source, 0, bytes, CancellationToken.None);
    }

    [Fact]
    public async Task The_first_look_walks_the_maildir_and_its_folders_then_deliveries_are_appended()
    {
        await DeliverAsync(100);
        await DeliverAsync(50, "Junk");
        File.WriteAllText(Path.Combine(Maildir, "cur", "1.M1P1.host,S=1000:2,S"), "short"); // the name's size wins
        Assert.False(File.Exists(SizeFile));

        Assert.Equal(1150, MaildirSize.Usage(Maildir, 5000, _time));
        Assert.Equal("5000S\n1150 3\n", File.ReadAllText(SizeFile));

        await DeliverAsync(30, "Junk");
        await DeliverAsync(20);
        Assert.Equal("5000S\n1150 3\n30 1\n20 1\n", File.ReadAllText(SizeFile));
        Assert.Equal(1200, MaildirSize.Usage(Maildir, 5000, _time));
    }

    [Fact]
    public async Task A_removal_by_a_reader_is_appended_as_negative_bytes_and_count()
    {
        await DeliverAsync(100);
        await DeliverAsync(40);
        Assert.Equal(140, MaildirSize.Usage(Maildir, 5000, _time));

        MaildirSize.Record(MaildirLayout.FolderPath(Maildir, "Junk"), -40, -1);
        MaildirSize.Record(Maildir, 0, 0);

        Assert.Equal("5000S\n140 2\n-40 -1\n", File.ReadAllText(SizeFile));
        Assert.Equal(100, MaildirSize.Usage(Maildir, 5000, _time));
    }

    [Fact]
    public async Task A_changed_quota_or_a_stale_over_quota_file_is_made_again()
    {
        await DeliverAsync(100);
        Assert.Equal(100, MaildirSize.Usage(Maildir, 5000, _time));
        File.AppendAllText(SizeFile, "900 1\n"); // a message another program says it stored
        Assert.Equal(1000, MaildirSize.Usage(Maildir, 5000, _time));
        Assert.Equal(100, MaildirSize.Usage(Maildir, 4000, _time)); // another quota: counted again
        Assert.StartsWith("4000S\n", File.ReadAllText(SizeFile));

        File.AppendAllText(SizeFile, "9000 1\n"); // over quota, e.g. a reader deleted without updating the file
        File.SetLastWriteTimeUtc(SizeFile, _time.GetUtcNow().UtcDateTime);
        Assert.Equal(9100, MaildirSize.Usage(Maildir, 4000, _time));
        _time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(100, MaildirSize.Usage(Maildir, 4000, _time));
    }

    [Fact]
    public void A_mailbox_never_written_uses_nothing_and_gets_no_file()
    {
        Assert.Equal(0, MaildirSize.Usage(Maildir, 5000, _time));
        Assert.False(Directory.Exists(Maildir));
    }

    [Fact]
    public async Task Room_is_judged_against_the_own_quota_or_the_default()
    {
        await DeliverAsync(1000);
        var quotas = new Quotas { ["alice@example.test"] = 1500 };
        var space = new MailboxSpace(Path.Combine(_dir.Path, "mail"), quotas, defaultQuota: 800, _time);
        Assert.True(await space.HasRoomAsync("alice@example.test", 0, CancellationToken.None));
        Assert.True(await space.HasRoomAsync("alice@example.test", 500, CancellationToken.None));
        Assert.False(await space.HasRoomAsync("alice@example.test", 501, CancellationToken.None));
        quotas.Remove("alice@example.test"); // the default 800 applies: already over
        Assert.False(await space.HasRoomAsync("alice@example.test", 0, CancellationToken.None));
        Assert.True(await space.HasRoomAsync("bob@example.test", 700, CancellationToken.None)); // empty mailbox
        Assert.True(await space.HasRoomAsync("postmaster", 1 << 20, CancellationToken.None));
    }

    [Fact]
    public async Task Rcpt_is_refused_only_when_every_mailbox_of_the_address_is_full()
    {
        await DeliverAsync(1000);
        var space = new MailboxSpace(Path.Combine(_dir.Path, "mail"), new Quotas { ["alice@example.test"] = 1000 }, null, _time);
        var alice = new SmtpAddress("alice", "example.test");
        var alias = new SmtpAddress("team", "example.test");
        var inner = new FixedDirectory { [alice.ToString()] = ["alice@example.test"], [alias.ToString()] = ["alice@example.test", "bob@example.test"] };

        var forRcpt = new QuotaCheckedDirectory(inner, space, refuseFull: true);
        Assert.Equal(RecipientStatus.MailboxFull, (await forRcpt.ResolveAsync(alice, CancellationToken.None)).Status);
        Assert.Equal(RecipientStatus.Local, (await forRcpt.ResolveAsync(alias, CancellationToken.None)).Status);
        var forDelivery = new QuotaCheckedDirectory(inner, space, refuseFull: false);
        Assert.Equal(RecipientStatus.Local, (await forDelivery.ResolveAsync(alice, CancellationToken.None)).Status);
        Assert.False(await forDelivery.HasRoomAsync("alice@example.test", 1, CancellationToken.None));
    }

    private sealed class Quotas : Dictionary<string, long>, IMailboxQuotas
    {
        public ValueTask<long?> GetQuotaAsync(string mailbox, CancellationToken cancellationToken) =>
            ValueTask.FromResult(TryGetValue(mailbox, out var quota) ? quota : (long?)null);
    }

    private sealed class FixedDirectory : Dictionary<string, string[]>, IRecipientDirectory
    {
        public ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken) =>
            ValueTask.FromResult(TryGetValue(address.ToString(), out var mailboxes) ? new RecipientResolution(RecipientStatus.Local, mailboxes) : RecipientResolution.Unknown);
    }
}
