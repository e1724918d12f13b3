using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>swaks (the Swiss Army Knife for SMTP) against the real server.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class SwaksTests(SharedServerFixture fixture)
{
    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task Swaks_with_starttls_delivers()
    {
        var token = TestMail.NewToken("swaks-tls");

        var result = await SwaksAsync(ServerProcess.Alice, token, "--tls");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("<-  220 2.0.0 Ready to start TLS", result.StandardOutput);
        Assert.Contains("=== TLS started with cipher TLSv1.", result.StandardOutput);
        var delivered = await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        Assert.Contains(" with ESMTPS id ", delivered.FirstReceivedHeader);
    }

    [Fact]
    public async Task Swaks_pipelining_delivers()
    {
        var token = TestMail.NewToken("swaks-pipe");

        var result = await SwaksAsync(ServerProcess.Alice, token, "--pipeline");

        Assert.True(result.ExitCode == 0, result.ToString());
        await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
    }

    /// <summary>swaks dot-stuffs lines that start with '.', and the server must undo exactly that.</summary>
    [Fact]
    public async Task Lines_starting_with_a_dot_survive_the_dot_stuffing_round_trip()
    {
        var token = TestMail.NewToken("swaks-dot");
        var body = $"first {token}\n.single dot line\n..two dots line\n.\nlast line";

        var result = await SwaksAsync(ServerProcess.Alice, token, "--body", body);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(" -> ..single dot line", result.StandardOutput); // stuffed on the wire
        var text = (await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token)).Text;
        Assert.Contains($"first {token}\r\n.single dot line\r\n..two dots line\r\n.\r\nlast line", text);
    }

    [Fact]
    public async Task Swaks_to_an_unknown_user_shows_550_5_1_1()
    {
        var result = await SwaksAsync("nobody@example.test", TestMail.NewToken("swaks-unknown"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("<** 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown", result.StandardOutput);
    }

    private Task<ProcessResult> SwaksAsync(string to, string token, params string[] options) =>
        ExternalProcess.RunAsync("swaks",
        [
            "--server", $"127.0.0.1:{_server.Port}",
            "--helo", "client.remote.test",
            "--from", TestMail.Sender,
            "--to", to,
            "--header", $"Subject: swaks {token}",
            "--timeout", "30",
            .. options,
        ]);
}
