using MailKit.Net.Smtp;
using Mizugiwa.IntegrationTests.Infrastructure;
using MimeKit;

namespace Mizugiwa.IntegrationTests;

/// <summary>The content level through `mizugiwa serve`: each recipient's filter mode decides what spam does.</summary>
public sealed class ContentFilterTests : IAsyncLifetime
{
    private const string Gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    private const string Off = "off@example.test";
    private const string Label = "label@example.test";
    private const string Junk = "junk@example.test";
    private const string NoSpam1 = "nospam1@example.test";
    private const string NoSpam2 = "nospam2@example.test";

    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        // Loopback is a trusted network by default, and trusted clients are not scanned: make the test client an outsider.
        _server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", ["Checks__Rgrey__Mode"] = "Off" });
        foreach (var (address, mode) in new[] { (Off, "off"), (Label, "label"), (Junk, "quarantine"), (NoSpam1, "reject"), (NoSpam2, "reject") })
        {
            await RunAsync(["account", "add", address, "--password-stdin"], "secret-password\n");
            if (mode != "label") await RunAsync(["account", "filter", address, mode]);
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Spam_to_three_recipients_with_three_modes_ends_up_as_each_chose()
    {
        var token = TestMail.NewToken("modes");
        await SendAsync(Spam(token, Off, Label, Junk));

        var off = await _server.Mailbox(Off).WaitForMessageAsync(token);
        Assert.DoesNotContain("X-Spam-", off.Text);
        Assert.Contains($"Authentication-Results: {ServerProcess.HostName};", off.Text);

        var label = await _server.Mailbox(Label).WaitForMessageAsync(token);
        Assert.Contains("X-Spam-Flag: YES", label.Text);
        Assert.Contains("GTUBE=1000", label.Text);

        var junk = await new Maildir(JunkFolder(Junk)).WaitForMessageAsync(token);
        Assert.Contains("X-Spam-Flag: YES", junk.Text);
        Assert.Empty(_server.Mailbox(Junk).MessagesContaining(token));
        Assert.Contains(token, junk.Text);
    }

    [Fact]
    public async Task Spam_only_to_users_who_chose_reject_is_refused_with_550_5_7_1_and_ham_still_arrives()
    {
        var token = TestMail.NewToken("reject");
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(Spam(token, NoSpam1, NoSpam2)));
        Assert.Equal(550, (int)refused.StatusCode);
        Assert.Contains("5.7.1", refused.Message);

        var ham = TestMail.NewToken("ham");
        await SendAsync(TestMail.Create(ham, NoSpam1, "Lunch at noon?\r\n"));
        var delivered = await _server.Mailbox(NoSpam1).WaitForMessageAsync(ham);
        Assert.Contains("X-Spam-Status: No", delivered.Text);
        Assert.Empty(_server.Mailbox(NoSpam1).MessagesContaining(token));
    }

    [Fact]
    public async Task A_mixed_message_is_accepted_and_the_rejecting_user_gets_it_quarantined()
    {
        var token = TestMail.NewToken("mixed");
        await SendAsync(Spam(token, NoSpam1, Label));
        await _server.Mailbox(Label).WaitForMessageAsync(token);
        await new Maildir(JunkFolder(NoSpam1)).WaitForMessageAsync(token);
    }

    [Fact]
    public async Task With_the_strip_policy_a_blocked_attachment_is_replaced_by_a_note_and_the_rest_is_delivered()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", ["Checks__Rgrey__Mode"] = "Off", ["Content__Attachments__Action"] = "Strip",
            ["Content__Weights__ATTACHMENT_BLOCKED"] = "0",
        });
        var token = TestMail.NewToken("strip");
        var message = TestMail.Create(token, ServerProcess.Alice);
        var body = new BodyBuilder { TextBody = $"Here is the invoice {token}\r\n" };
        body.Attachments.Add("invoice.exe", "MZ-this-is-not-allowed"u8.ToArray(), new ContentType("application", "octet-stream"));
        message.Body = body.ToMessageBody();
        using (var client = await TestMail.ConnectAsync(server.Port))
        {
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }
        var delivered = await server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        Assert.Contains("The attachment invoice.exe was removed by the mail server", delivered.Text);
        Assert.DoesNotContain(Convert.ToBase64String("MZ-this-is-not-allowed"u8.ToArray()), delivered.Text);
        Assert.Contains($"Here is the invoice {token}", delivered.Text);
        Assert.Contains("ATTACHMENT_STRIP", delivered.Text);
    }

    private string JunkFolder(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return Path.Combine(_server.DataDirectory, "mail", address[(at + 1)..], address[..at], ".Junk", "new");
    }

    private static MimeMessage Spam(string token, params string[] to)
    {
        var message = TestMail.Create(token, to[0], $"Cheap offer {token}\r\n{Gtube}\r\n");
        foreach (var other in to.Skip(1)) message.To.Add(MailboxAddress.Parse(other));
        return message;
    }

    private async Task SendAsync(MimeMessage message)
    {
        using var client = await TestMail.ConnectAsync(_server.Port);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
    }

    private async Task RunAsync(string[] args, string? stdin = null)
    {
        var result = await _server.RunCliAsync(args, stdin);
        if (result.ExitCode != 0) throw new InvalidOperationException($"mizugiwa {string.Join(' ', args)} failed: {result}");
    }
}
