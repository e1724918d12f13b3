using Mizugiwa.Storage.Passwords;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <summary>SMTP AUTH for accounts whose hash came from another server: PLAIN/LOGIN work, SCRAM has no keys until the first login upgrades them.</summary>
/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class ImportedCredentialTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Sha512 = "{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1";
    private readonly TempDirectory _temp;
    private SqlDirectory Dir => _temp.Directory;

    protected ImportedCredentialTests(PostgresServer? postgres)
    {
        _temp = new(postgres);
        Dir.AddDomainAsync("example.test", Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_wrong_password_changes_nothing_and_scram_has_no_keys()
    {
        await Dir.AddAccountAsync("dave@example.test", Sha512, Ct);
        var verifier = new DirectoryCredentialVerifier(Dir);

        Assert.Null(await verifier.VerifyPasswordAsync("dave@example.test", "Hello world?", Ct));
        Assert.Null(await verifier.GetScramCredentialsAsync("dave@example.test", Ct));
        Assert.Equal(Sha512, await Dir.GetPasswordHashAsync("dave@example.test", Ct));
    }

    [Fact]
    public async Task The_first_successful_login_rehashes_to_argon2id_with_scram_keys()
    {
        await Dir.AddAccountAsync("dave@example.test", Sha512, Ct);
        var verifier = new DirectoryCredentialVerifier(Dir);

        Assert.Equal("dave@example.test", await verifier.VerifyPasswordAsync("DAVE@example.test", "Hello world!", Ct));

        var stored = (await Dir.GetCredentialsAsync("dave@example.test", Ct))!;
        Assert.Equal(PasswordHashScheme.Argon2id, StoredPasswordHash.SchemeOf(stored.PasswordHash));
        Assert.NotNull(stored.Scram);
        Assert.Equal("dave@example.test", await verifier.VerifyPasswordAsync("dave@example.test", "Hello world!", Ct));
        Assert.Null(await verifier.VerifyPasswordAsync("dave@example.test", "Hello world", Ct));
    }

    [Fact]
    public async Task The_upgrade_does_not_overwrite_a_password_changed_meanwhile()
    {
        await Dir.AddAccountAsync("dave@example.test", Sha512, Ct);
        await Dir.SetPasswordAsync("dave@example.test", PasswordCredentials.Create("new"), Ct);
        var changed = await Dir.GetPasswordHashAsync("dave@example.test", Ct);

        Assert.False(await Dir.UpgradePasswordAsync("dave@example.test", Sha512, PasswordCredentials.Create("Hello world!"), Ct));
        Assert.Equal(changed, await Dir.GetPasswordHashAsync("dave@example.test", Ct));
    }
}

public sealed class SqliteImportedCredentialTests() : ImportedCredentialTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresImportedCredentialTests(PostgresFixture postgres) : ImportedCredentialTests(postgres.Server);
