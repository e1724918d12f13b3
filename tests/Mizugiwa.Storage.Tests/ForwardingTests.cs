using Mizugiwa.Core;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class ForwardingTests : IDisposable
{
    private readonly TempDirectory _temp;
    private SqlDirectory Dir => _temp.Directory;
    private static CancellationToken Ct => CancellationToken.None;

    protected ForwardingTests(PostgresServer? postgres)
    {
        _temp = new(postgres);
        Dir.AddDomainAsync("example.test", Ct).GetAwaiter().GetResult();
        Dir.AddAccountAsync("alice@example.test", "h", Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task No_forwarding_until_set_then_targets_and_keep_copy_are_kept()
    {
        Assert.False((await Dir.GetForwardingAsync("alice@example.test", Ct)).IsActive);
        await Dir.SetForwardingAsync("Alice@example.test", ["bob@elsewhere.test", "BOB@elsewhere.test", " carol@other.test"], keepCopy: false, Ct);
        var forwarding = await Dir.GetForwardingAsync("alice@example.test", Ct);
        Assert.Equal(["bob@elsewhere.test", "carol@other.test"], forwarding.Targets);
        Assert.False(forwarding.KeepCopy);
        Assert.Equal(forwarding.Targets, (await Dir.ListAccountDetailsAsync(null, Ct)).Single().Forward);
    }

    [Fact]
    public async Task No_targets_turns_forwarding_off()
    {
        await Dir.SetForwardingAsync("alice@example.test", ["bob@elsewhere.test"], keepCopy: true, Ct);
        await Dir.SetForwardingAsync("alice@example.test", [], keepCopy: true, Ct);
        Assert.False((await Dir.GetForwardingAsync("alice@example.test", Ct)).IsActive);
    }

    [Theory]
    [InlineData("not an address", "forward address 'not an address' is not a valid address")]
    [InlineData("alice@EXAMPLE.test", "alice@example.test cannot forward to itself")]
    public async Task Bad_targets_are_refused_by_name(string target, string message)
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.SetForwardingAsync("alice@example.test", [target], true, Ct));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task Too_many_targets_and_missing_accounts_are_refused()
    {
        var many = Enumerable.Range(0, Forwarding.MaxTargets + 1).Select(i => $"u{i}@elsewhere.test").ToList();
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.SetForwardingAsync("alice@example.test", many, true, Ct));
        Assert.Contains("at most 10", e.Message, StringComparison.Ordinal);
        e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.SetForwardingAsync("bob@example.test", ["x@elsewhere.test"], true, Ct));
        Assert.Equal("account bob@example.test does not exist", e.Message);
    }
}

public sealed class SqliteForwardingTests() : ForwardingTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresForwardingTests(PostgresFixture postgres) : ForwardingTests(postgres.Server);
