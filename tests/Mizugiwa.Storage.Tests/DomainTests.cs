using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class DomainTests : IDisposable
{
    private readonly TempDirectory _temp;

    protected DomainTests(PostgresServer? postgres)
    {
        _temp = new(postgres);
    }
    private SqlDirectory Dir => _temp.Directory;
    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AddedDomainsAreListedLowerCasedAndSorted()
    {
        await Dir.AddDomainAsync("Example.TEST", Ct);
        await Dir.AddDomainAsync("a.example", Ct);
        Assert.Equal(["a.example", "example.test"], await Dir.ListDomainsAsync(Ct));
    }

    [Fact]
    public async Task InternationalizedDomainIsAdded()
    {
        await Dir.AddDomainAsync("B\u00FCcher.test", Ct);
        await Dir.AddDomainAsync("\u65E5\u672C.test", Ct);
        Assert.Equal(["b\u00FCcher.test", "\u65E5\u672C.test"], await Dir.ListDomainsAsync(Ct));
    }

    [Fact]
    public async Task DuplicateDomainIsAnError()
    {
        await Dir.AddDomainAsync("example.test", Ct);
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddDomainAsync("EXAMPLE.test", Ct));
        Assert.Equal("domain example.test already exists", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-bad.example")]
    [InlineData("[192.0.2.1]")]
    [InlineData("a..b")]
    [InlineData("ex\u200Bample.test")]
    [InlineData("pay\u20AC.test")]
    [InlineData("smile\U0001F600.test")]
    public async Task InvalidDomainIsAnError(string domain)
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddDomainAsync(domain, Ct));
        Assert.Contains("not a valid domain name", e.Message);
    }

    [Fact]
    public async Task RemovingAnUnknownDomainIsAnError()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.RemoveDomainAsync("nowhere.test", force: false, Ct));
        Assert.Equal("domain nowhere.test is not a local domain", e.Message);
    }

    [Fact]
    public async Task EmptyDomainIsRemoved()
    {
        await Dir.AddDomainAsync("example.test", Ct);
        await Dir.RemoveDomainAsync("Example.Test", force: false, Ct);
        Assert.Empty(await Dir.ListDomainsAsync(Ct));
    }

    [Fact]
    public async Task DomainInUseIsRemovedOnlyWhenForced()
    {
        await Dir.AddDomainAsync("example.test", Ct);
        await Dir.AddAccountAsync("alice@example.test", "hash", Ct);
        await Dir.AddAliasAsync("info@example.test", "alice@example.test", Ct);

        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.RemoveDomainAsync("example.test", force: false, Ct));
        Assert.Equal("domain example.test still has 1 account(s) and 1 alias(es)", e.Message);

        await Dir.RemoveDomainAsync("example.test", force: true, Ct);
        Assert.Empty(await Dir.ListDomainsAsync(Ct));
        Assert.Empty(await Dir.ListAccountsAsync(null, Ct));
        Assert.Empty(await Dir.ListAliasesAsync(null, Ct));
    }
}

public sealed class SqliteDomainTests() : DomainTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDomainTests(PostgresFixture postgres) : DomainTests(postgres.Server);
