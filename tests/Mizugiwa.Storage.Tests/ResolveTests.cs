using Mizugiwa.Core;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class ResolveTests : IDisposable
{
    private readonly PostgresServer? _postgres;
    private readonly TempDirectory _temp;
    private SqlDirectory Dir => _temp.Directory;
    private static CancellationToken Ct => CancellationToken.None;

    protected ResolveTests(PostgresServer? postgres)
    {
        _postgres = postgres;
        _temp = new(postgres);
        Dir.AddDomainAsync("example.test", Ct).GetAwaiter().GetResult();
        Dir.AddDomainAsync("other.test", Ct).GetAwaiter().GetResult();
        Dir.AddAccountAsync("Alice@example.test", "h", Ct).GetAwaiter().GetResult();
        Dir.AddAccountAsync("bob@example.test", "h", Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    private static void AssertLocal(RecipientResolution r, params string[] mailboxes)
    {
        Assert.Equal(RecipientStatus.Local, r.Status);
        Assert.Equal(mailboxes, r.Mailboxes);
    }

    [Theory]
    [InlineData("Alice@example.test")]
    [InlineData("alice@EXAMPLE.TEST")]
    [InlineData("ALICE@example.test")]
    public async Task AccountResolvesToItselfCaseInsensitively(string address) =>
        AssertLocal(await _temp.ResolveAsync(address), "Alice@example.test");

    [Fact]
    public async Task UnknownUserInALocalDomain() =>
        Assert.Equal(RecipientResolution.Unknown, await _temp.ResolveAsync("carol@example.test"));

    [Theory]
    [InlineData("alice@elsewhere.test")]
    [InlineData("alice@[192.0.2.1]")]
    [InlineData("postmaster@elsewhere.test")]
    public async Task ForeignDomainsAndAddressLiteralsAreNotLocal(string address) =>
        Assert.Equal(RecipientResolution.NotLocal, await _temp.ResolveAsync(address));

    [Fact]
    public async Task AliasResolvesToItsTargets()
    {
        await Dir.AddAliasAsync("info@other.test", "alice@example.test", Ct);
        await Dir.AddAliasAsync("info@other.test", "bob@example.test", Ct);
        AssertLocal(await _temp.ResolveAsync("INFO@other.test"), "Alice@example.test", "bob@example.test");
    }

    [Fact]
    public async Task NestedAliasesAreExpandedAndDeduplicated()
    {
        await Dir.AddAliasAsync("team@example.test", "alice@example.test", Ct);
        await Dir.AddAliasAsync("team@example.test", "bob@example.test", Ct);
        await Dir.AddAliasAsync("all@example.test", "team@example.test", Ct);
        await Dir.AddAliasAsync("all@example.test", "alice@example.test", Ct);
        var r = await _temp.ResolveAsync("all@example.test");
        Assert.Equal(RecipientStatus.Local, r.Status);
        Assert.Equal(["Alice@example.test", "bob@example.test"], r.Mailboxes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AliasLoopEnds()
    {
        await Dir.AddAliasAsync("a@example.test", "alice@example.test", Ct);
        await Dir.AddAliasAsync("b@example.test", "a@example.test", Ct);
        await Dir.AddAliasAsync("a@example.test", "b@example.test", Ct);
        AssertLocal(await _temp.ResolveAsync("b@example.test"), "Alice@example.test");
    }

    [Fact]
    public async Task AliasChainsLongerThanTheLimitAreCut()
    {
        // l1 -> alice, l2 -> l1, ...: resolving lN follows N aliases.
        await Dir.AddAliasAsync("l1@example.test", "alice@example.test", Ct);
        for (int i = 2; i <= SqlDirectory.MaxAliasDepth + 1; i++)
            await Dir.AddAliasAsync($"l{i}@example.test", $"l{i - 1}@example.test", Ct);
        AssertLocal(await _temp.ResolveAsync($"l{SqlDirectory.MaxAliasDepth}@example.test"), "Alice@example.test");
        Assert.Equal(RecipientResolution.Unknown, await _temp.ResolveAsync($"l{SqlDirectory.MaxAliasDepth + 1}@example.test"));
    }

    [Fact]
    public async Task AliasWhoseTargetsAreGoneIsUnknown()
    {
        await Dir.AddAliasAsync("info@example.test", "bob@example.test", Ct);
        await Dir.RemoveAccountAsync("bob@example.test", Ct);
        Assert.Equal(RecipientResolution.Unknown, await _temp.ResolveAsync("info@example.test"));
    }

    [Fact]
    public async Task SubaddressReachesTheMainAddress()
    {
        await Dir.AddAliasAsync("info@example.test", "bob@example.test", Ct);
        AssertLocal(await _temp.ResolveAsync("alice+news@example.test"), "Alice@example.test");
        AssertLocal(await _temp.ResolveAsync("info+x+y@example.test"), "bob@example.test");
        Assert.Equal(RecipientResolution.Unknown, await _temp.ResolveAsync("carol+news@example.test"));
        Assert.Equal(RecipientResolution.Unknown, await _temp.ResolveAsync("+alice@example.test"));
    }

    [Fact]
    public async Task ExistingAddressWithADelimiterWinsOverSubaddressing()
    {
        await Dir.AddAccountAsync("alice+list@example.test", "h", Ct);
        AssertLocal(await _temp.ResolveAsync("alice+list@example.test"), "alice+list@example.test");
    }

    [Fact]
    public async Task SubaddressDelimitersAreConfigurable()
    {
        using var temp = new TempDirectory(_postgres, "-_");
        await temp.Directory.AddDomainAsync("example.test", Ct);
        await temp.Directory.AddAccountAsync("alice@example.test", "h", Ct);
        AssertLocal(await temp.ResolveAsync("alice-x@example.test"), "alice@example.test");
        AssertLocal(await temp.ResolveAsync("alice_x@example.test"), "alice@example.test");
        Assert.Equal(RecipientResolution.Unknown, await temp.ResolveAsync("alice+x@example.test"));
    }

    [Fact]
    public async Task EmptyDelimitersTurnSubaddressingOff()
    {
        using var temp = new TempDirectory(_postgres, "");
        await temp.Directory.AddDomainAsync("example.test", Ct);
        await temp.Directory.AddAccountAsync("alice@example.test", "h", Ct);
        Assert.Equal(RecipientResolution.Unknown, await temp.ResolveAsync("alice+x@example.test"));
    }

    [Theory]
    [InlineData("postmaster@example.test")]
    [InlineData("PostMaster@other.test")]
    public async Task PostmasterAlwaysResolves(string address) =>
        AssertLocal(await _temp.ResolveAsync(address), SqlDirectory.PostmasterMailbox);

    [Fact]
    public async Task PostmasterAliasOrAccountIsUsedWhenPresent()
    {
        await Dir.AddAliasAsync("postmaster@example.test", "bob@example.test", Ct);
        await Dir.AddAccountAsync("postmaster@other.test", "h", Ct);
        AssertLocal(await _temp.ResolveAsync("POSTMASTER@example.test"), "bob@example.test");
        AssertLocal(await _temp.ResolveAsync("postmaster@other.test"), "postmaster@other.test");
    }

    [Fact]
    public async Task PostmasterAliasWithNoTargetsLeftFallsBackToThePostmasterMailbox()
    {
        await Dir.AddAliasAsync("postmaster@example.test", "bob@example.test", Ct);
        await Dir.RemoveAccountAsync("bob@example.test", Ct);
        AssertLocal(await _temp.ResolveAsync("postmaster@example.test"), SqlDirectory.PostmasterMailbox);
    }
}

public sealed class SqliteResolveTests() : ResolveTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresResolveTests(PostgresFixture postgres) : ResolveTests(postgres.Server);
