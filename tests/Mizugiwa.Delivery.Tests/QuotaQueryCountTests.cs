using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests;

/// <summary>
/// The quota check at RCPT and at delivery costs no directory query of its own when the resolution
/// carries the mailbox's quota: a local recipient costs one query.
/// </summary>
public sealed class QuotaQueryCountTests : IDisposable
{
    private static CancellationToken Ct => CancellationToken.None;
    private readonly TempDirectory _dir = new();
    private readonly GroupCommitter _committer = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly SmtpAddress _alice = new("alice", "example.test");

    public void Dispose()
    {
        _committer.Dispose();
        _dir.Dispose();
    }

    private string MailRoot => Path.Combine(_dir.Path, "mail");

    private async Task FillAliceAsync(int bytes)
    {
        var source = Path.Combine(_dir.Path, "message.msg");
        await File.WriteAllTextAsync(source, new string('x', bytes));
        await new MaildirWriter(_committer, _time).DeliverAsync(Path.Combine(MailRoot, "example.test", "alice"), default, source, 0, bytes, Ct);
    }

    private QuotaCheckedDirectory Checked(CountingDirectory directory, long? defaultQuota, bool refuseFull) =>
        new(directory, new MailboxSpace(MailRoot, directory, defaultQuota, _time), refuseFull);

    [Fact]
    public async Task A_local_rcpt_with_no_quota_anywhere_costs_one_query()
    {
        var directory = new CountingDirectory(carriesQuotas: true, ownQuota: null);
        Assert.Equal(RecipientStatus.Local, (await Checked(directory, null, refuseFull: true).ResolveAsync(_alice, Ct)).Status);
        Assert.Equal(1, directory.Queries);
    }

    [Fact]
    public async Task A_full_mailbox_is_refused_at_rcpt_by_the_quota_read_with_the_resolution()
    {
        await FillAliceAsync(1000);
        var directory = new CountingDirectory(carriesQuotas: true, ownQuota: 1000) { AskedQuota = null }; // asking would say "no quota": room
        var resolution = await Checked(directory, null, refuseFull: true).ResolveAsync(_alice, Ct);
        Assert.Equal(RecipientStatus.MailboxFull, resolution.Status);
        Assert.Equal(["alice@example.test"], resolution.Mailboxes);
        Assert.Equal(1, directory.Queries);

        var bigger = new CountingDirectory(carriesQuotas: true, ownQuota: 2000);
        Assert.Equal(RecipientStatus.Local, (await Checked(bigger, defaultQuota: 500, refuseFull: true).ResolveAsync(_alice, Ct)).Status);
        Assert.Equal(1, bigger.Queries);
    }

    [Fact]
    public async Task Delivery_defers_a_message_that_does_not_fit_after_one_query()
    {
        await FillAliceAsync(1000);
        var directory = new CountingDirectory(carriesQuotas: true, ownQuota: 1500) { AskedQuota = null };
        var forDelivery = Checked(directory, null, refuseFull: false);
        Assert.Null(await MailboxAdmission.RefusalAsync(forDelivery, "alice@example.test", 500, Ct));
        Assert.Equal(1, directory.Queries);
        var refusal = await MailboxAdmission.RefusalAsync(forDelivery, "alice@example.test", 501, Ct);
        Assert.Equal((RecipientOutcome.Deferred, "4.2.2"), (refusal?.Outcome, refusal?.Status));
        Assert.Equal(2, directory.Queries);
    }

    [Fact]
    public async Task A_directory_whose_resolution_carries_no_quota_still_has_it_asked()
    {
        await FillAliceAsync(1000);
        var directory = new CountingDirectory(carriesQuotas: false, ownQuota: null) { AskedQuota = 1000 };
        Assert.Equal(RecipientStatus.MailboxFull, (await Checked(directory, null, refuseFull: true).ResolveAsync(_alice, Ct)).Status);
        Assert.Equal(2, directory.Queries);
    }

    /// <summary>Resolves every address to alice's mailbox and counts each question it is asked.</summary>
    private sealed class CountingDirectory(bool carriesQuotas, long? ownQuota) : IRecipientDirectory, IMailboxQuotas
    {
        private readonly long? _ownQuota = ownQuota;

        public int Queries { get; private set; }

        /// <summary>What <see cref="GetQuotaAsync"/> answers, so a test can tell it from the carried quota.</summary>
        public long? AskedQuota { get; init; } = ownQuota;

        public ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken)
        {
            Queries++;
            var resolution = new RecipientResolution(RecipientStatus.Local, ["alice@example.test"]);
            return ValueTask.FromResult(carriesQuotas ? resolution with { OwnQuotas = new Dictionary<string, long?> { ["alice@example.test"] = _ownQuota } } : resolution);
        }

        public ValueTask<long?> GetQuotaAsync(string mailbox, CancellationToken cancellationToken)
        {
            Queries++;
            return ValueTask.FromResult(AskedQuota);
        }
    }
}
