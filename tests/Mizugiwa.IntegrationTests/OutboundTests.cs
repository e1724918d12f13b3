using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Mizugiwa.Core;
using Mizugiwa.Delivery;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Mailbox;
using Mizugiwa.Policy.Tests.Support;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// A real Postfix (Debian) on 127.0.0.1 is the MX of remote.test, found through MX records served
/// by dnsmasq on loopback: remote.test MX 5 dead.remote.test (127.0.0.2, where nothing listens) and
/// MX 10 mx.remote.test (127.0.0.1). Nothing leaves loopback. `mizugiwa serve` delivers outbound to
/// the Postfix port (Outbound__Port). Messages with a Route "mx" recipient are put into the server's
/// queue as committed queue files (FileSpool) and picked up by its queue scan, as the submission
/// listener would hand them over.
/// </summary>
public sealed class OutboundFixture : IAsyncLifetime
{
    public const string RemoteDomain = "remote.test";

    public DnsmasqServer Dns { get; private set; } = null!;
    public PostfixInstance Postfix { get; private set; } = null!;
    public ServerProcess Mizugiwa { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dns = await DnsmasqServer.StartAsync(new DnsmasqRecords()
            .MxRecord(RemoteDomain, "dead.remote.test", 5)
            .MxRecord(RemoteDomain, "mx.remote.test", 10)
            .AddressRecord("dead.remote.test", "127.0.0.2")
            .AddressRecord("mx.remote.test", "127.0.0.1"));
        Postfix = await PostfixInstance.StartRemoteMxAsync(RemoteDomain, ["bob", "defer"],
            new Dictionary<string, string> { ["defer@remote.test"] = "450 4.2.0 Mailbox busy, try later" });
        Mizugiwa = await ServerProcess.StartAsync(RemoteMxSettings.For(Dns, Postfix));
    }

    public async Task DisposeAsync()
    {
        if (Mizugiwa is not null) await Mizugiwa.DisposeAsync();
        if (Postfix is not null) await Postfix.DisposeAsync();
        if (Dns is not null) await Dns.DisposeAsync();
    }
}

public sealed class OutboundTests(OutboundFixture fixture) : IClassFixture<OutboundFixture>
{
    private ServerProcess Mizugiwa => fixture.Mizugiwa;
    private PostfixInstance Postfix => fixture.Postfix;
    private string Logs => $"\n--- postfix ---\n{Postfix.Log}\n--- mizugiwa ---\n{Mizugiwa.Output}";

    /// <summary>Writes a committed queue file into the running server's spool, as an accepted submission would be.</summary>
    private async Task<string> QueueAsync(string token, params string[] remoteRecipients)
    {
        using var committer = new GroupCommitter();
        var spool = new FileSpool(Path.Combine(Mizugiwa.DataDirectory, "spool"), committer, TimeProvider.System, NullLogger<FileSpool>.Instance);
        await using var message = await spool.CreateAsync(CancellationToken.None);
        var content = $"From: Alice <{ServerProcess.Alice}>\r\nTo: {string.Join(", ", remoteRecipients)}\r\nSubject: {token}\r\n"
            + $"Message-Id: <{token}@example.test>\r\nDate: {DateTimeOffset.UtcNow:R}\r\n\r\nHello {token}.\r\n";
        await message.Content.WriteAsync(Encoding.ASCII.GetBytes(content));
        await message.CommitAsync(new MessageEnvelope
        {
            QueueId = message.QueueId,
            ReceivedAt = DateTimeOffset.UtcNow,
            ClientAddress = "127.0.0.1",
            Sender = ServerProcess.Alice,
            EnvId = token,
            Recipients = [.. remoteRecipients.Select(r => new EnvelopeRecipient { Address = r, Mailbox = r, Route = Routes.Mx })],
        }, CancellationToken.None);
        return message.QueueId;
    }

    [Fact]
    public async Task A_message_reaches_the_remote_MX_after_the_dead_preferred_MX_over_STARTTLS()
    {
        var token = Guid.NewGuid().ToString("N");
        string id = await QueueAsync(token, "bob@remote.test");

        var delivered = await WithLogsAsync(Postfix.Mailbox("bob").WaitForMessageAsync(token));
        Assert.Contains($"Subject: {token}", delivered.Text);
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains($"queue={id} to=<bob@remote.test>", StringComparison.Ordinal)
            && l.Contains("status=delivered", StringComparison.Ordinal) && l.Contains("relay=mx.remote.test", StringComparison.Ordinal));
        // the preferred MX (127.0.0.2) refused the connection; the next one took the message, encrypted
        var unavailable = await Mizugiwa.WaitForOutputLineAsync(l => l.Contains($"queue={id} outbound host=dead.remote.test[127.0.0.2]", StringComparison.Ordinal));
        Assert.Contains("status=unavailable", unavailable);
        var connected = await Mizugiwa.WaitForOutputLineAsync(l => l.Contains($"queue={id} outbound host=mx.remote.test[127.0.0.1]", StringComparison.Ordinal) && l.Contains("connected", StringComparison.Ordinal));
        Assert.DoesNotContain("tls=none", connected);
        Assert.Contains("TLS connection established from", Postfix.Log);
        Assert.Contains("helo=<mx.example.test>", Postfix.Log);
        await WaitUntilGoneAsync(id);
    }

    [Fact]
    public async Task A_recipient_the_MX_rejects_bounces_into_the_local_senders_Maildir()
    {
        var token = Guid.NewGuid().ToString("N");
        string id = await QueueAsync(token, "bob@remote.test", "nobody@remote.test");

        await WithLogsAsync(Postfix.Mailbox("bob").WaitForMessageAsync(token));
        var bounce = await Mizugiwa.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        var dsn = MimeMessage.Load(bounce.Path);
        Assert.Equal($"MAILER-DAEMON@{ServerProcess.HostName}", dsn.From.Mailboxes.Single().Address);
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", report.ReportType);
        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        Assert.Equal($"dns; {ServerProcess.HostName}", status.StatusGroups[0]["Reporting-MTA"]);
        Assert.Equal(token, status.StatusGroups[0]["Original-Envelope-Id"]);
        var nobody = Assert.Single(status.StatusGroups.Skip(1), g => g.Count > 0);
        Assert.Equal("rfc822; nobody@remote.test", nobody["Final-Recipient"]);
        Assert.Equal("failed", nobody["Action"]);
        Assert.Equal("5.1.1", nobody["Status"]);
        Assert.Equal("dns; mx.remote.test", nobody["Remote-MTA"]);
        Assert.StartsWith("smtp; 550 5.1.1 <nobody@remote.test>", nobody["Diagnostic-Code"]);
        var original = Assert.IsType<MessagePart>(report[2]);
        Assert.Equal(token, original.Message!.Subject);
        Assert.DoesNotContain("bob@remote.test", status.ToString()); // delivered recipients are not reported
        await WaitUntilGoneAsync(id);
    }

    [Fact]
    public async Task A_temporary_failure_is_retried_and_the_queue_CLI_shows_holds_and_deletes_it()
    {
        var token = Guid.NewGuid().ToString("N");
        string id = await QueueAsync(token, "defer@remote.test");

        var retries = await Mizugiwa.WaitForOutputLinesAsync(l => l.Contains($"queue={id} to=<defer@remote.test>", StringComparison.Ordinal)
            && l.Contains("status=deferred", StringComparison.Ordinal), 2);
        Assert.Contains("dsn=4.2.0", retries[0]);
        Assert.True(retries[0].Contains("450 4.2.0", StringComparison.Ordinal) && retries[0].Contains("Mailbox busy", StringComparison.Ordinal), retries[0]);
        Assert.Contains("attempts=2", retries[1]);

        var list = await Mizugiwa.RunCliAsync(["queue", "list"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(id, list.StandardOutput);
        Assert.Contains("4.2.0", list.StandardOutput);
        var show = await Mizugiwa.RunCliAsync(["queue", "show", id]);
        Assert.Contains("recipient: <defer@remote.test> route mx pending", show.StandardOutput);
        Assert.Contains($"Subject: {token}", show.StandardOutput);

        Assert.Equal(0, (await Mizugiwa.RunCliAsync(["queue", "hold", id])).ExitCode);
        Assert.Contains("held", (await Mizugiwa.RunCliAsync(["queue", "list"])).StandardOutput);
        Assert.Equal(0, (await Mizugiwa.RunCliAsync(["queue", "delete", id])).ExitCode);
        Assert.Equal(65, (await Mizugiwa.RunCliAsync(["queue", "show", id])).ExitCode);
        await WaitUntilGoneAsync(id);
        Assert.Empty(Mizugiwa.Mailbox(ServerProcess.Alice).MessagesContaining(token)); // deleted, no notice
    }

    private async Task<T> WithLogsAsync<T>(Task<T> wait)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + Logs, e);
        }
    }

    private async Task WaitUntilGoneAsync(string id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.GetFiles(Mizugiwa.QueueDirectory, id + ".*").Length > 0)
        {
            if (clock.Elapsed > ServerProcess.StartTimeout) throw new TimeoutException($"queue={id} is still queued{Logs}");
            await Task.Delay(ServerProcess.PollInterval);
        }
    }
}
