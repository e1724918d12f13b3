using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Mizugiwa as the policy service of a real Postfix from Debian (check_policy_service), both on
/// loopback. The test client speaks SMTP to Postfix and uses XCLIENT to stand for clients with the
/// names and addresses the checks should see; Postfix asks `mizugiwa serve`'s policy listener at
/// each RCPT and delivers what it accepts into a Maildir, where the Rgrey header can be read back.
/// </summary>
public sealed class PostfixPolicyTests : IAsyncLifetime
{
    private ServerProcess? _mizugiwa;
    private PostfixInstance? _postfix;

    private PostfixInstance Postfix => _postfix!;
    private ServerProcess Mizugiwa => _mizugiwa!;

    public async Task InitializeAsync()
    {
        var policyPort = ServerProcess.FreePort();
        _mizugiwa = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["PolicyServer__Enabled"] = "true",
            ["PolicyServer__Port"] = policyPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Postfix connects from 127.0.0.1; the clients it stands for are 192.0.2.x, none of them trusted.
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
            // Test-shortened greylisting: the first attempt is deferred, any later one passes.
            ["Checks__Rgrey__DelaySeconds"] = "0",
        }, provision: false);
        _postfix = await PostfixInstance.StartAsync(policyPort);
    }

    public async Task DisposeAsync()
    {
        if (_postfix is not null) await _postfix.DisposeAsync();
        if (_mizugiwa is not null) await _mizugiwa.DisposeAsync();
    }

    private string Logs => $"\n--- postfix ---\n{Postfix.Log}\n--- mizugiwa ---\n{Mizugiwa.Output}";

    /// <summary>
    /// One SMTP transaction to Postfix on behalf of (name, address): returns the RCPT reply and, when
    /// the recipient was accepted, sends a message carrying <paramref name="token"/>.
    /// </summary>
    private async Task<RawReply> SendAsync(string clientName, string clientAddress, string helo, string recipient, string token)
    {
        await using var smtp = await RawSmtpConnection.ConnectAsync(Postfix.Port);
        Assert.Equal(220, (await smtp.ReadReplyAsync()).Code);
        Assert.Equal(250, (await smtp.CommandAsync("EHLO test-client.example")).Code);
        var xclient = await smtp.CommandAsync($"XCLIENT NAME={clientName} ADDR={clientAddress} HELO={helo}");
        Assert.True(xclient.Code == 220, $"XCLIENT refused: {xclient}{Logs}");
        Assert.Equal(250, (await smtp.CommandAsync($"EHLO {helo}")).Code);
        Assert.Equal(250, (await smtp.CommandAsync("MAIL FROM:<sender@remote.example>")).Code);
        var rcpt = await smtp.CommandAsync($"RCPT TO:<{recipient}>");
        if (rcpt.Code == 250)
        {
            Assert.Equal(354, (await smtp.CommandAsync("DATA")).Code);
            await smtp.SendRawAsync($"From: sender@remote.example\r\nTo: {recipient}\r\nSubject: {token}\r\n\r\nhello {token}\r\n.\r\n");
            var queued = await smtp.ReadReplyAsync();
            Assert.True(queued.Code == 250, $"DATA not accepted: {queued}{Logs}");
        }
        await smtp.CommandAsync("QUIT");
        return rcpt;
    }

    [Fact]
    public async Task S25r_client_is_greylisted_by_postfix_then_accepted_with_the_header()
    {
        const string name = "adsl-1-2-3-4.dyn.example.net";
        var token = Guid.NewGuid().ToString("N");

        var first = await SendAsync(name, "192.0.2.44", name, "alice@example.test", token);
        Assert.True(first.Code == 451, $"first RCPT: {first}{Logs}");
        Assert.Contains("4.7.1", first.LastLine);
        Assert.Contains("Greylisted", first.LastLine);
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("stage=POLICY client=192.0.2.44 ptr=adsl-1-2-3-4.dyn.example.net", StringComparison.Ordinal)
            && l.Contains("to=<alice@example.test>", StringComparison.Ordinal) && l.Contains("check=rgrey", StringComparison.Ordinal)
            && l.Contains("action=\"451 4.7.1", StringComparison.Ordinal));

        var retry = await SendAsync(name, "192.0.2.44", name, "alice@example.test", token);
        Assert.True(retry.Code == 250, $"retry RCPT: {retry}{Logs}");
        var delivered = await Postfix.Mailbox("alice").WaitForMessageAsync(token);
        Assert.Contains("X-Envelope-Information: match S25R", delivered.Text);
    }

    [Fact]
    public async Task Client_without_a_name_is_s25r_rule_0_and_greylisted()
    {
        var token = Guid.NewGuid().ToString("N");
        var first = await SendAsync("[UNAVAILABLE]", "192.0.2.45", "pc45.example.org", "bob@example.test", token);
        Assert.True(first.Code == 451, $"first RCPT: {first}{Logs}");
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("client=192.0.2.45 ptr=unknown", StringComparison.Ordinal) && l.Contains("rule=S25R rule0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_with_a_proper_name_is_accepted_at_once_without_the_header()
    {
        var token = Guid.NewGuid().ToString("N");
        var rcpt = await SendAsync("mail.good.example", "192.0.2.55", "mail.good.example", "alice@example.test", token);
        Assert.True(rcpt.Code == 250, $"RCPT: {rcpt}{Logs}");
        var delivered = await Postfix.Mailbox("alice").WaitForMessageAsync(token);
        Assert.DoesNotContain("X-Envelope-Information", delivered.Text);
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("stage=POLICY client=192.0.2.55 ptr=mail.good.example", StringComparison.Ordinal)
            && l.Contains("action=\"DUNNO\"", StringComparison.Ordinal));
    }
}
