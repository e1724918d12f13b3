using Mizugiwa.Core;
using Mizugiwa.Storage.Passwords;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <summary>Disabled accounts and quotas, on both engines.</summary>
/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class AccountStateTests : IDisposable
{
    private static CancellationToken Ct => CancellationToken.None;
    private readonly TempDirectory _temp;
    private SqlDirectory Dir => _temp.Directory;

    protected AccountStateTests(PostgresServer? postgres)
    {
        _temp = new(postgres);
        Dir.AddDomainAsync("example.test", Ct).GetAwaiter().GetResult();
        Dir.AddAccountAsync("alice@example.test", PasswordCredentials.Create("pw-a"), Ct).GetAwaiter().GetResult();
        Dir.AddAccountAsync("bob@example.test", PasswordCredentials.Create("pw-b"), Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_disabled_account_resolves_as_disabled_not_unknown_and_enabling_restores_it()
    {
        await Dir.SetDisabledAsync("Bob@Example.test", true, Ct);
        Assert.Equal(RecipientResolution.Disabled, await _temp.ResolveAsync("bob@example.test"));
        Assert.Equal(RecipientResolution.Disabled, await _temp.ResolveAsync("bob+tag@example.test"));
        Assert.Equal(RecipientStatus.UnknownUser, (await _temp.ResolveAsync("nobody@example.test")).Status);
        await Dir.SetDisabledAsync("bob@example.test", false, Ct);
        Assert.Equal(["bob@example.test"], (await _temp.ResolveAsync("bob@example.test")).Mailboxes);
    }

    [Fact]
    public async Task An_alias_to_only_disabled_accounts_is_disabled_and_one_with_others_skips_them()
    {
        await Dir.AddAliasAsync("solo@example.test", "bob@example.test", Ct);
        await Dir.AddAliasAsync("team@example.test", "alice@example.test", Ct);
        await Dir.AddAliasAsync("team@example.test", "bob@example.test", Ct);
        await Dir.SetDisabledAsync("bob@example.test", true, Ct);
        Assert.Equal(RecipientStatus.Disabled, (await _temp.ResolveAsync("solo@example.test")).Status);
        var team = await _temp.ResolveAsync("team@example.test");
        Assert.Equal(RecipientStatus.Local, team.Status);
        Assert.Equal(["alice@example.test"], team.Mailboxes);
    }

    [Fact]
    public async Task A_disabled_account_cannot_log_in_with_the_right_password_nor_with_scram()
    {
        var verifier = new DirectoryCredentialVerifier(Dir);
        Assert.Equal("bob@example.test", await verifier.VerifyPasswordAsync("bob@example.test", "pw-b", Ct));
        Assert.NotNull(await verifier.GetScramCredentialsAsync("bob@example.test", Ct));
        await Dir.SetDisabledAsync("bob@example.test", true, Ct);
        Assert.Null(await verifier.VerifyPasswordAsync("bob@example.test", "pw-b", Ct));
        Assert.Null(await verifier.GetScramCredentialsAsync("bob@example.test", Ct));
        await Dir.SetDisabledAsync("bob@example.test", false, Ct);
        Assert.Equal("bob@example.test", await verifier.VerifyPasswordAsync("bob@example.test", "pw-b", Ct));
    }

    [Fact]
    public async Task Quota_is_set_shown_in_the_details_and_removed()
    {
        Assert.Null(await Dir.GetQuotaAsync("alice@example.test", Ct));
        await Dir.SetQuotaAsync("ALICE@example.test", 2L << 30, Ct);
        await Dir.SetDisabledAsync("bob@example.test", true, Ct);
        Assert.Equal(2L << 30, await Dir.GetQuotaAsync("alice@example.test", Ct));
        var details = await Dir.ListAccountDetailsAsync(null, Ct);
        Assert.Equal([("alice@example.test", false, (long?)(2L << 30)), ("bob@example.test", true, null)], details.Select(d => (d.Address, d.Disabled, d.QuotaBytes)));
        await Dir.SetQuotaAsync("alice@example.test", null, Ct);
        Assert.Null(await Dir.GetQuotaAsync("alice@example.test", Ct));
    }

    [Fact]
    public async Task Resolution_carries_each_mailbox_s_own_quota_so_the_quota_needs_no_second_query()
    {
        await Dir.SetQuotaAsync("alice@example.test", 4096, Ct);
        await Dir.AddAliasAsync("team@example.test", "alice@example.test", Ct);
        await Dir.AddAliasAsync("team@example.test", "bob@example.test", Ct);
        var team = await _temp.ResolveAsync("team@example.test");
        Assert.Equal(["alice@example.test", "bob@example.test"], team.Mailboxes.Order());
        Assert.Equal(new Dictionary<string, long?> { ["alice@example.test"] = 4096, ["bob@example.test"] = null }, team.OwnQuotas);
        Assert.Equal(4096, (await _temp.ResolveAsync("alice+tag@example.test")).OwnQuotas!["alice@example.test"]);
        await Dir.SetQuotaAsync("alice@example.test", null, Ct);
        Assert.Null((await _temp.ResolveAsync("alice@example.test")).OwnQuotas!["alice@example.test"]);
    }

    [Fact]
    public async Task Disabling_or_limiting_an_unknown_account_is_an_error()
    {
        Assert.Equal("account carol@example.test does not exist",
            (await Assert.ThrowsAsync<DirectoryException>(() => Dir.SetDisabledAsync("carol@example.test", true, Ct))).Message);
        Assert.Equal("account carol@example.test does not exist",
            (await Assert.ThrowsAsync<DirectoryException>(() => Dir.SetQuotaAsync("carol@example.test", 1024, Ct))).Message);
        await Assert.ThrowsAsync<DirectoryException>(() => Dir.SetQuotaAsync("alice@example.test", 0, Ct));
    }
}

public sealed class SqliteAccountStateTests() : AccountStateTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountStateTests(PostgresFixture postgres) : AccountStateTests(postgres.Server);

public sealed class QuotaSizeTests
{
    [Theory]
    [InlineData("1500", 1500L)]
    [InlineData("500M", 500L << 20)]
    [InlineData("2G", 2L << 30)]
    [InlineData("2g", 2L << 30)]
    [InlineData("10K", 10240L)]
    [InlineData("1T", 1L << 40)]
    public void Sizes_parse(string text, long bytes) => Assert.Equal(bytes, QuotaSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("-5M")]
    [InlineData("0")]
    [InlineData("1.5G")]
    [InlineData("5X")]
    [InlineData("99999999999T")]
    public void Bad_sizes_are_refused_with_a_message(string text) =>
        Assert.Contains("quota", Assert.Throws<DirectoryException>(() => QuotaSize.Parse(text)).Message);

    [Theory]
    [InlineData(2L << 30, "2G")]
    [InlineData(1500L, "1500")]
    [InlineData(1536L, "1536")]
    [InlineData(10240L, "10K")]
    public void Sizes_format_shortest_exact(long bytes, string text) => Assert.Equal(text, QuotaSize.Format(bytes));
}
