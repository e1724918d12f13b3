using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class AccountTests : IDisposable
{
    private readonly TempDirectory _temp;
    private SqlDirectory Dir => _temp.Directory;
    private static CancellationToken Ct => CancellationToken.None;

    protected AccountTests(PostgresServer? postgres)
    {
        _temp = new(postgres);
        Dir.AddDomainAsync("example.test", Ct).GetAwaiter().GetResult();
        Dir.AddDomainAsync("other.test", Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AccountsAreListedAllOrPerDomain()
    {
        await Dir.AddAccountAsync("bob@example.test", "h1", Ct);
        await Dir.AddAccountAsync("Alice@EXAMPLE.test", "h2", Ct);
        await Dir.AddAccountAsync("carol@other.test", "h3", Ct);
        Assert.Equal(["Alice@example.test", "bob@example.test", "carol@other.test"], await Dir.ListAccountsAsync(null, Ct));
        Assert.Equal(["carol@other.test"], await Dir.ListAccountsAsync("Other.Test", Ct));
    }

    [Fact]
    public async Task ListingAccountsOfAnUnknownDomainIsAnError()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.ListAccountsAsync("nowhere.test", Ct));
        Assert.Equal("domain nowhere.test is not a local domain", e.Message);
    }

    [Fact]
    public async Task DuplicateAccountIsAnErrorRegardlessOfCase()
    {
        await Dir.AddAccountAsync("alice@example.test", "h", Ct);
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddAccountAsync("ALICE@Example.Test", "h", Ct));
        Assert.Equal("account ALICE@example.test already exists", e.Message);
    }

    [Fact]
    public async Task AccountInANonLocalDomainIsAnError()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddAccountAsync("alice@nowhere.test", "h", Ct));
        Assert.Equal("domain nowhere.test is not a local domain", e.Message);
    }

    [Fact]
    public async Task AccountWithTheAddressOfAnAliasIsAnError()
    {
        await Dir.AddAccountAsync("alice@example.test", "h", Ct);
        await Dir.AddAliasAsync("info@example.test", "alice@example.test", Ct);
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddAccountAsync("info@example.test", "h", Ct));
        Assert.Equal("info@example.test is already an alias", e.Message);
    }

    [Fact]
    public async Task InvalidAddressIsAnError()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddAccountAsync("no-at-sign", "h", Ct));
        Assert.Equal("'no-at-sign' is not a valid address", e.Message);
    }

    [Fact]
    public async Task PasswordHashIsStoredAndChanged()
    {
        await Dir.AddAccountAsync("alice@example.test", "old", Ct);
        Assert.Equal("old", await Dir.GetPasswordHashAsync("ALICE@example.test", Ct));
        await Dir.SetPasswordHashAsync("Alice@Example.Test", "new", Ct);
        Assert.Equal("new", await Dir.GetPasswordHashAsync("alice@example.test", Ct));
    }

    [Fact]
    public async Task PasswordHashOfAMissingAccountIsNull()
    {
        Assert.Null(await Dir.GetPasswordHashAsync("nobody@example.test", Ct));
        Assert.Null(await Dir.GetPasswordHashAsync("not an address", Ct));
    }

    [Fact]
    public async Task SettingThePasswordOfAMissingAccountIsAnError()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.SetPasswordHashAsync("nobody@example.test", "h", Ct));
        Assert.Equal("account nobody@example.test does not exist", e.Message);
    }

    [Fact]
    public async Task AccountIsRemoved()
    {
        await Dir.AddAccountAsync("alice@example.test", "h", Ct);
        await Dir.RemoveAccountAsync("ALICE@example.test", Ct);
        Assert.Empty(await Dir.ListAccountsAsync(null, Ct));
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.RemoveAccountAsync("alice@example.test", Ct));
        Assert.Equal("account alice@example.test does not exist", e.Message);
    }
}

public sealed class SqliteAccountTests() : AccountTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountTests(PostgresFixture postgres) : AccountTests(postgres.Server);
