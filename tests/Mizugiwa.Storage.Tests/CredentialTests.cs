using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <summary>Passwords for SMTP AUTH: the Argon2id hash and the SCRAM-SHA-256 keys, and the verifier on top.</summary>
/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class CredentialTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp;
    private SqlDirectory Dir => _temp.Directory;

    protected CredentialTests(PostgresServer? postgres)
    {
        _temp = new(postgres);
        Dir.AddDomainAsync("example.test", Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Adding_an_account_stores_hash_and_scram_keys()
    {
        await Dir.AddAccountAsync("Alice@example.test", PasswordCredentials.Create("s3cret"), Ct);
        var stored = await Dir.GetCredentialsAsync("ALICE@EXAMPLE.TEST", Ct);
        Assert.NotNull(stored);
        Assert.Equal("Alice@example.test", stored.Account);
        Assert.True(PasswordHasher.Verify("s3cret", stored.PasswordHash));
        var scram = stored.Scram;
        Assert.NotNull(scram);
        Assert.Equal(10000, scram.Iterations);
        var expected = ScramCredentials.Derive("x", "s3cret", scram.Salt, scram.Iterations);
        Assert.Equal(expected.StoredKey, scram.StoredKey);
        Assert.Equal(expected.ServerKey, scram.ServerKey);
    }

    [Fact]
    public async Task Changing_the_password_changes_both_and_a_hash_alone_drops_the_scram_keys()
    {
        await Dir.AddAccountAsync("alice@example.test", PasswordCredentials.Create("old"), Ct);
        var before = (await Dir.GetCredentialsAsync("alice@example.test", Ct))!;
        await Dir.SetPasswordAsync("alice@example.test", PasswordCredentials.Create("new"), Ct);
        var after = (await Dir.GetCredentialsAsync("alice@example.test", Ct))!;
        Assert.True(PasswordHasher.Verify("new", after.PasswordHash));
        Assert.NotEqual(before.ScramSha256, after.ScramSha256);

        await Dir.SetPasswordHashAsync("alice@example.test", PasswordHasher.Hash("newer"), Ct);
        Assert.Null((await Dir.GetCredentialsAsync("alice@example.test", Ct))!.ScramSha256);
        await Assert.ThrowsAsync<DirectoryException>(() => Dir.SetPasswordAsync("nobody@example.test", PasswordCredentials.Create("x"), Ct));
    }

    [Fact]
    public async Task Verifier_checks_passwords_case_insensitively_by_address()
    {
        await Dir.AddAccountAsync("Alice@example.test", PasswordCredentials.Create("s3cret"), Ct);
        var verifier = new DirectoryCredentialVerifier(Dir);
        Assert.Equal("Alice@example.test", await verifier.VerifyPasswordAsync("alice@EXAMPLE.test", "s3cret", Ct));
        Assert.Null(await verifier.VerifyPasswordAsync("alice@example.test", "S3cret", Ct));
        Assert.Null(await verifier.VerifyPasswordAsync("nobody@example.test", "s3cret", Ct));
        Assert.Null(await verifier.VerifyPasswordAsync("not an address", "s3cret", Ct));
        Assert.Equal("Alice@example.test", (await verifier.GetScramCredentialsAsync("alice@example.test", Ct))!.Account);
        Assert.Null(await verifier.GetScramCredentialsAsync("nobody@example.test", Ct));
    }

    [Fact]
    public async Task An_account_with_only_a_hash_has_no_scram_keys()
    {
        await Dir.AddAccountAsync("bob@example.test", PasswordHasher.Hash("pw"), Ct);
        var verifier = new DirectoryCredentialVerifier(Dir);
        Assert.Null(await verifier.GetScramCredentialsAsync("bob@example.test", Ct));
        Assert.Equal("bob@example.test", await verifier.VerifyPasswordAsync("bob@example.test", "pw", Ct));
    }
}

public sealed class SqliteCredentialTests() : CredentialTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCredentialTests(PostgresFixture postgres) : CredentialTests(postgres.Server);
