using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Policy.Tests.Support;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// The IP- and SMTP-level checks through `mizugiwa serve`, with clients connecting from different
/// 127.0.0.x addresses whose PTR/A records come from a real dnsmasq on loopback.
/// </summary>
public sealed class RgreyEndToEndTests : IAsyncLifetime
{
    private const string DynamicHost = "127.0.0.21";   // adsl-…dyn.example.net: S25R rule 1
    private const string ProperHost = "127.0.0.22";    // mail.good.example
    private const string ListedHost = "127.0.0.23";    // in bl.example
    private const string NoPtrHost = "127.0.0.24";     // no PTR: S25R rule 0, then allowed by the access list
    private const string DynamicHost2 = "127.0.0.25";  // another dynamic host, for the recipient opt-out

    private DnsmasqServer? _dns;
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    public async Task InitializeAsync()
    {
        _dns = await DnsmasqServer.StartAsync(new DnsmasqRecords()
            .LocalZone("127.in-addr.arpa")
            .PtrRecord(DynamicHost, "adsl-10-2-3-21.dyn.example.net").HostRecord("adsl-10-2-3-21.dyn.example.net", DynamicHost)
            .PtrRecord(ProperHost, "mail.good.example").HostRecord("mail.good.example", ProperHost)
            .PtrRecord(ListedHost, "mail.listed.example").HostRecord("mail.listed.example", ListedHost)
            .PtrRecord(DynamicHost2, "p12345-ipad.dyn.example.net").HostRecord("p12345-ipad.dyn.example.net", DynamicHost2)
            .DnsblListing("bl.example", ListedHost, "127.0.0.2", "Listed for testing"));
        _server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
            ["Checks__Dns__Servers__0"] = _dns.Server,
            ["Checks__Dns__TimeoutMilliseconds"] = "2000",
            ["Checks__Dnsbl__Zones__0__Zone"] = "bl.example",
            // Test-shortened greylisting: the first attempt is deferred, any later one passes.
            ["Checks__Rgrey__DelaySeconds"] = "0",
            // Access-list changes take effect at once instead of after the 10 s refresh.
            ["Checks__AccessRefreshSeconds"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_dns is not null) await _dns.DisposeAsync();
    }

    private async Task<string> SendAsync(string fromAddress, string helo, string to)
    {
        using var client = new SmtpClient { LocalEndPoint = new IPEndPoint(IPAddress.Parse(fromAddress), 0), LocalDomain = helo, Timeout = 30_000 };
        await client.ConnectAsync("127.0.0.1", Server.Port, SecureSocketOptions.None);
        var token = Guid.NewGuid().ToString("N");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@remote.example"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = token;
        message.Body = new TextPart("plain") { Text = "hello" };
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
        return token;
    }

    private async Task<SmtpCommandException> RefusedAsync(string fromAddress, string helo, string to) =>
        await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(fromAddress, helo, to));

    [Fact]
    public async Task Check_explains_the_pipeline_for_an_imagined_session_and_changes_nothing()
    {
        string[] dryRun = ["check", "--ip", DynamicHost, "--helo", "adsl-10-2-3-21.dyn.example.net", "--from", "sender@remote.example",
            "--to", ServerProcess.Alice, "--to", "nobody@example.test", "--to", "someone@elsewhere.example"];
        var first = await Server.RunCliAsync(dryRun);
        Assert.True(first.ExitCode == 0, first.StandardError);
        var output = first.StandardOutput;
        Assert.Contains("client name: adsl-10-2-3-21.dyn.example.net", output);
        Assert.Contains("RCPT <alice@example.test>: 451 4.7.1 Greylisted, please try again in 1 second; see", output);
        Assert.Matches(@"RCPT +rgrey +defer \[S25R rule1\]", output);
        // Rgrey answers before the directory does: a harvester learns nothing about which addresses exist.
        Assert.Contains("RCPT <nobody@example.test>: 451 4.7.1 Greylisted", output);
        Assert.Contains("RCPT <someone@elsewhere.example>: 554 5.7.1 relay access denied", output);

        // Nothing was recorded: the same dry run is deferred again, and so is the real first attempt.
        Assert.Equal(output, (await Server.RunCliAsync(dryRun)).StandardOutput);
        var real = await RefusedAsync(DynamicHost, "adsl-10-2-3-21.dyn.example.net", ServerProcess.Alice);
        Assert.Equal(451, (int)real.StatusCode);

        var listed = await Server.RunCliAsync(["check", "--ip", ListedHost, "--helo", "mail.listed.example", "--to", ServerProcess.Alice]);
        Assert.Matches(@"RCPT <alice@example\.test>: 554 5\.7\.1 .*Listed for testing", listed.StandardOutput);

        var usage = await Server.RunCliAsync(["check", "--ip", "not-an-ip", "--to", ServerProcess.Alice]);
        Assert.Equal(64, usage.ExitCode);
        Assert.Contains("'not-an-ip' is not an IP address", usage.StandardError);
    }

    [Fact]
    public async Task S25r_host_is_greylisted_then_accepted_with_the_header()
    {
        var first = await RefusedAsync(DynamicHost, "adsl-10-2-3-21.dyn.example.net", ServerProcess.Alice);
        Assert.Equal(451, (int)first.StatusCode);
        Assert.Contains("Greylisted", first.Message);

        var token = await SendAsync(DynamicHost, "adsl-10-2-3-21.dyn.example.net", ServerProcess.Alice);
        var delivered = (await Server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token)).Text;
        Assert.Contains("X-Envelope-Information: match S25R", delivered);
        Assert.Contains("from adsl-10-2-3-21.dyn.example.net (adsl-10-2-3-21.dyn.example.net [127.0.0.21])", delivered);
    }

    [Fact]
    public async Task Host_with_a_proper_ptr_is_accepted_at_once_without_the_header()
    {
        var token = await SendAsync(ProperHost, "mail.good.example", ServerProcess.Alice);
        var delivered = (await Server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token)).Text;
        Assert.DoesNotContain("X-Envelope-Information", delivered);
    }

    [Theory]
    [InlineData("mx.example.test", "that is my name")]
    [InlineData("example.test", "that is my domain")]
    [InlineData("gmail.com", "you are not in gmail.com")]
    public async Task Helo_lies_are_rejected_at_rcpt(string helo, string why)
    {
        var refusal = await RefusedAsync(ProperHost, helo, ServerProcess.Alice);
        Assert.Equal(554, (int)refusal.StatusCode);
        Assert.Contains(why, refusal.Message);
        await Server.WaitForOutputLineAsync(l => l.Contains("stage=RCPT", StringComparison.Ordinal) && l.Contains($"helo={helo} ", StringComparison.Ordinal)
            && l.Contains("check=helo", StringComparison.Ordinal) && l.Contains("ptr=mail.good.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dnsbl_listed_host_is_rejected()
    {
        var refusal = await RefusedAsync(ListedHost, "mail.listed.example", ServerProcess.Alice);
        Assert.Equal(554, (int)refusal.StatusCode);
        Assert.Contains("bl.example", refusal.Message);
    }

    [Fact]
    public async Task Postmaster_is_reachable_even_from_a_listed_host()
    {
        var token = await SendAsync(ListedHost, "mail.listed.example", $"postmaster@{ServerProcess.Domain}");
        // Without a postmaster account or alias the message goes to the system postmaster mailbox.
        await new Maildir(Path.Combine(Server.DataDirectory, "mail", "postmaster", "new")).WaitForMessageAsync(token);
    }

    [Fact]
    public async Task Client_and_recipient_whitelists_skip_greylisting()
    {
        var allowClient = await Server.RunCliAsync(["access", "add", "client", NoPtrHost, "allow"]);
        Assert.Equal(0, allowClient.ExitCode);
        var allowRecipient = await Server.RunCliAsync(["access", "add", "recipient", ServerProcess.Bob, "allow"]);
        Assert.Equal(0, allowRecipient.ExitCode);

        var fromAllowed = await SendAsync(NoPtrHost, "client.example", ServerProcess.Alice);
        Assert.DoesNotContain("X-Envelope-Information", (await Server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(fromAllowed)).Text);

        var toOptedOut = await SendAsync(DynamicHost2, "p12345-ipad.dyn.example.net", ServerProcess.Bob);
        await Server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(toOptedOut);
    }
}
