using Mizugiwa.Policy.Access;
using Mizugiwa.Testing;

namespace Mizugiwa.Policy.Tests.Access;

/// <summary>What every access-list store must do, run against SQLite and a real PostgreSQL.</summary>
public abstract class AccessRuleStoreContract : IAsyncLifetime
{
    private IAccessRuleStore _store = null!;

    protected abstract Task<IAccessRuleStore> OpenAsync();

    public async Task InitializeAsync() => _store = await OpenAsync();

    public virtual async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }

    [Fact]
    public async Task Rules_are_listed_by_kind_and_pattern_and_adding_again_replaces_the_action_and_note()
    {
        await _store.AddAsync(new AccessRule(AccessKind.Sender, "news@partner.example", AccessAction.Allow, "partner"), default);
        await _store.AddAsync(new AccessRule(AccessKind.Client, "198.51.100.0/24", AccessAction.Deny), default);
        await _store.AddAsync(new AccessRule(AccessKind.Sender, "NEWS@partner.example", AccessAction.Deny, "changed"), default);
        var rules = await _store.ListAsync(default);
        Assert.Equal(2, rules.Count);
        Assert.Equal(new AccessRule(AccessKind.Client, "198.51.100.0/24", AccessAction.Deny), rules[0]);
        Assert.Equal(AccessKind.Sender, rules[1].Kind);
        Assert.Equal(AccessAction.Deny, rules[1].Action);
        Assert.Equal("changed", rules[1].Note);
    }

    [Fact]
    public async Task Removing_matches_the_pattern_in_any_case_and_says_when_there_was_nothing()
    {
        await _store.AddAsync(new AccessRule(AccessKind.ClientName, "dyn.example", AccessAction.Deny), default);
        Assert.False(await _store.RemoveAsync(AccessKind.Sender, "dyn.example", default));
        Assert.True(await _store.RemoveAsync(AccessKind.ClientName, "DYN.example", default));
        Assert.Empty(await _store.ListAsync(default));
    }

    [Fact]
    public async Task An_invalid_pattern_is_refused_with_its_reason()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => _store.AddAsync(new AccessRule(AccessKind.Client, "not-an-address", AccessAction.Allow), default));
        Assert.Contains("not-an-address", e.Message);
        Assert.Empty(await _store.ListAsync(default));
    }
}

public sealed class SqliteAccessRuleStoreTests : AccessRuleStoreContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mizugiwa-access-").FullName;

    protected override Task<IAccessRuleStore> OpenAsync() => Task.FromResult<IAccessRuleStore>(new SqliteAccessStore(Path.Combine(_dir, "db.sqlite")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccessRuleStoreTests(PostgresFixture postgres) : AccessRuleStoreContract
{
    protected override async Task<IAccessRuleStore> OpenAsync() =>
        new PostgresAccessStore(await postgres.Server.CreateDatabaseAsync("access_" + Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task A_rule_one_node_adds_is_seen_by_the_other()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync("access_shared_" + Guid.NewGuid().ToString("N"));
        await using var a = new PostgresAccessStore(connectionString);
        await using var b = new PostgresAccessStore(connectionString);
        await a.AddAsync(new AccessRule(AccessKind.Recipient, "abuse@example.test", AccessAction.Allow), default);
        Assert.Equal("abuse@example.test", Assert.Single(await b.ListAsync(default)).Pattern);
    }
}
