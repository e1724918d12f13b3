using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class AliasTests : IDisposable
{
    private readonly TempDirectory _temp;
    private SqlDirectory Dir => _temp.Directory;
    private static CancellationToken Ct => CancellationToken.None;

    protected AliasTests(PostgresServer? postgres)
    {
        _temp = new(postgres);
        Dir.AddDomainAsync("example.test", Ct).GetAwaiter().GetResult();
        Dir.AddDomainAsync("other.test", Ct).GetAwaiter().GetResult();
        Dir.AddAccountAsync("alice@example.test", "h", Ct).GetAwaiter().GetResult();
        Dir.AddAccountAsync("bob@other.test", "h", Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AliasesAreListedAllOrPerDomain()
    {
        await Dir.AddAliasAsync("Info@example.test", "alice@example.test", Ct);
        await Dir.AddAliasAsync("info@example.test", "bob@other.test", Ct);
        await Dir.AddAliasAsync("sales@other.test", "info@example.test", Ct);
        Assert.Equal(
            [new AliasEntry("Info@example.test", "alice@example.test"), new AliasEntry("Info@example.test", "bob@other.test"),
             new AliasEntry("sales@other.test", "info@example.test")],
            await Dir.ListAliasesAsync(null, Ct));
        Assert.Equal([new AliasEntry("sales@other.test", "info@example.test")], await Dir.ListAliasesAsync("other.test", Ct));
    }

    [Fact]
    public async Task DuplicateAliasTargetIsAnError()
    {
        await Dir.AddAliasAsync("info@example.test", "alice@example.test", Ct);
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddAliasAsync("INFO@example.test", "Alice@example.test", Ct));
        Assert.Equal("alias INFO@example.test -> Alice@example.test already exists", e.Message);
    }

    [Fact]
    public async Task AliasInANonLocalDomainIsAnError()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddAliasAsync("info@nowhere.test", "alice@example.test", Ct));
        Assert.Equal("domain nowhere.test is not a local domain", e.Message);
    }

    [Fact]
    public async Task AliasWithTheAddressOfAnAccountIsAnError()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddAliasAsync("alice@example.test", "bob@other.test", Ct));
        Assert.Equal("alice@example.test is already an account", e.Message);
    }

    [Fact]
    public async Task AliasToAnUnknownTargetIsAnError()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddAliasAsync("info@example.test", "nobody@example.test", Ct));
        Assert.Equal("alias target nobody@example.test is neither an account nor an alias", e.Message);
    }

    [Fact]
    public async Task AliasToItselfIsAnError()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.AddAliasAsync("info@example.test", "INFO@example.test", Ct));
        Assert.Equal("alias info@example.test cannot point to itself", e.Message);
    }

    [Fact]
    public async Task OneTargetOrTheWholeAliasIsRemoved()
    {
        await Dir.AddAliasAsync("info@example.test", "alice@example.test", Ct);
        await Dir.AddAliasAsync("info@example.test", "bob@other.test", Ct);
        await Dir.RemoveAliasAsync("info@example.test", "BOB@other.test", Ct);
        Assert.Equal([new AliasEntry("info@example.test", "alice@example.test")], await Dir.ListAliasesAsync(null, Ct));

        await Dir.AddAliasAsync("info@example.test", "bob@other.test", Ct);
        await Dir.RemoveAliasAsync("Info@example.test", null, Ct);
        Assert.Empty(await Dir.ListAliasesAsync(null, Ct));
    }

    [Fact]
    public async Task RemovingAMissingAliasIsAnError()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.RemoveAliasAsync("info@example.test", null, Ct));
        Assert.Equal("alias info@example.test does not exist", e.Message);
        e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.RemoveAliasAsync("info@example.test", "alice@example.test", Ct));
        Assert.Equal("alias info@example.test -> alice@example.test does not exist", e.Message);
    }
}

public sealed class SqliteAliasTests() : AliasTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAliasTests(PostgresFixture postgres) : AliasTests(postgres.Server);
