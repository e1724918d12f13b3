using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// An account imported with a SHA-512 crypt hash, against the running server: AUTH SCRAM-SHA-256 fails
/// cleanly (no keys), PLAIN over STARTTLS works, and after that login SCRAM works too (rehashed).
/// </summary>
public sealed class ImportedAccountAuthTests
{
    private const string Dave = "dave@example.test";
    private const string Sha512HelloWorld = "{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1";

    [Fact]
    public async Task Scram_fails_until_the_first_plain_login_and_works_after_it()
    {
        await using var server = await ServerProcess.StartAsync();
        var csv = Path.Combine(server.RootDirectory, "dave.csv");
        await File.WriteAllTextAsync(csv, $"address,password_hash\n{Dave},{Sha512HelloWorld}\n");
        var import = await server.RunCliAsync(["account", "import", csv]);
        Assert.True(import.ExitCode == 0, import.ToString());
        var credentials = new NetworkCredential(Dave, "Hello world!");

        await Assert.ThrowsAsync<AuthenticationException>(() => AuthenticateAsync(server, new SaslMechanismScramSha256(credentials)));
        await Assert.ThrowsAsync<AuthenticationException>(() => AuthenticateAsync(server, new SaslMechanismPlain(Dave, "Hello world?")));
        await AuthenticateAsync(server, new SaslMechanismPlain(credentials));
        await AuthenticateAsync(server, new SaslMechanismScramSha256(credentials));

        var details = await server.RunCliAsync(["account", "list", "example.test", "--details"]);
        Assert.Contains($"{Dave}\tname=-\tforward=-\tfilter=label\tpassword={{ARGON2ID}}\tscram=yes", details.StandardOutput);
    }

    private static async Task AuthenticateAsync(ServerProcess server, SaslMechanism mechanism)
    {
        using var client = new SmtpClient
        {
            Timeout = 30_000,
            LocalDomain = "client.remote.test",
            ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == $"CN={ServerProcess.HostName}",
        };
        await client.ConnectAsync("127.0.0.1", server.SubmissionPort, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(mechanism);
        await client.DisconnectAsync(quit: true);
    }
}
