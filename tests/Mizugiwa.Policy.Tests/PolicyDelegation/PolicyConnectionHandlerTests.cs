using Microsoft.Extensions.Logging;
using Mizugiwa.Policy.PolicyDelegation;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.PolicyDelegation;

public sealed class PolicyConnectionHandlerTests
{
    private static readonly SmtpReply Greylisted = new(451, "4.7.1", "Greylisted, please try again later");

    /// <summary>Greylists recipients on "grey.test", adds the Rgrey header for "header.test", lets the rest through.</summary>
    private static FakePolicy ByRecipientDomain() => new()
    {
        Rcpt = r => r.Recipient?.Domain switch
        {
            "grey.test" => Verdict.Defer(Greylisted, "rgrey", "S25R rule0"),
            "header.test" => Verdict.Continue with { Check = "rgrey", Rule = "S25R rule1; passed", Headers = [new AddedHeader("X-Envelope-Information", "match S25R")] },
            _ => Verdict.Continue,
        },
    };

    [Fact]
    public async Task Several_requests_on_one_connection_are_answered_in_order()
    {
        await using var connection = new PolicyConnectionHarness(ByRecipientDomain());
        foreach (var (recipient, expected) in new[]
        {
            ("a@grey.test", "451 4.7.1 Greylisted, please try again later"),
            ("b@header.test", "PREPEND X-Envelope-Information: match S25R"),
            ("c@example.test", "DUNNO"),
            ("d@grey.test", "451 4.7.1 Greylisted, please try again later"),
        })
        {
            await connection.SendAsync(PolicyRequests.Text(recipient: recipient));
            Assert.Equal(expected, await connection.ReadActionAsync());
        }
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Requests_written_back_to_back_in_one_write_are_all_answered()
    {
        await using var connection = new PolicyConnectionHarness(ByRecipientDomain());
        await connection.SendAsync(PolicyRequests.Text(recipient: "a@grey.test") + PolicyRequests.Text(recipient: "b@example.test") + PolicyRequests.Text(recipient: "c@header.test"));
        Assert.Equal("451 4.7.1 Greylisted, please try again later", await connection.ReadActionAsync());
        Assert.Equal("DUNNO", await connection.ReadActionAsync());
        Assert.Equal("PREPEND X-Envelope-Information: match S25R", await connection.ReadActionAsync());
    }

    [Fact]
    public async Task A_request_split_across_reads_is_answered_once_complete()
    {
        await using var connection = new PolicyConnectionHarness(ByRecipientDomain());
        var text = PolicyRequests.Text(recipient: "a@grey.test");
        foreach (var piece in new[] { text[..7], text[7..40], text[40..^1] })
        {
            await connection.SendAsync(piece);
            await Task.Delay(30);
        }
        Assert.Empty(connection.Decisions.Records);
        await connection.SendAsync("\n");
        Assert.Equal("451 4.7.1 Greylisted, please try again later", await connection.ReadActionAsync());
    }

    [Fact]
    public async Task Each_judged_request_is_logged_once_and_recorded_with_stage_policy()
    {
        await using var connection = new PolicyConnectionHarness(ByRecipientDomain());
        await connection.SendAsync(PolicyRequests.Text(address: "192.0.2.44", name: "adsl-1-2-3-4.dyn.example.net", helo: "pc1", sender: "s@remote.example", recipient: "a@grey.test"));
        await connection.ReadActionAsync();
        await connection.SendAsync(PolicyRequests.Text(state: "DATA"));
        Assert.Equal("DUNNO", await connection.ReadActionAsync());

        var record = Assert.Single(connection.Decisions.Records);
        Assert.Equal("POLICY", record.Stage);
        Assert.Equal("c1.1", record.SessionId);
        Assert.Equal("192.0.2.44", record.ClientAddress);
        Assert.Equal("adsl-1-2-3-4.dyn.example.net", record.ClientName);
        Assert.Equal("pc1", record.Helo);
        Assert.Equal("s@remote.example", record.Sender);
        Assert.Equal("a@grey.test", record.Recipient);
        Assert.Equal("rgrey", record.Check);
        Assert.Equal("S25R rule0", record.Rule);
        Assert.Equal("451 4.7.1 Greylisted, please try again later", record.Reply);

        var line = Assert.Single(connection.Logger.Lines, l => l.Level == LogLevel.Information);
        Assert.Equal("policy id=c1.1 stage=POLICY client=192.0.2.44 ptr=adsl-1-2-3-4.dyn.example.net helo=pc1 from=<s@remote.example> to=<a@grey.test> "
            + "check=rgrey rule=S25R rule0 queue= action=\"451 4.7.1 Greylisted, please try again later\"", line.Message);
    }

    [Fact]
    public async Task An_oversized_line_closes_the_connection_without_an_answer()
    {
        await using var connection = new PolicyConnectionHarness(ByRecipientDomain(), new PolicyDelegationOptions { MaxLineLength = 256 });
        await connection.SendAsync("request=smtpd_access_policy\nhelo_name=" + new string('a', 1000));
        Assert.Null(await connection.ReadActionAsync());
        await connection.WaitClosedAsync();
        Assert.Contains(connection.Logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("LineTooLong", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_attributes_close_the_connection()
    {
        await using var connection = new PolicyConnectionHarness(ByRecipientDomain(), new PolicyDelegationOptions { MaxAttributes = 10 });
        await connection.SendAsync(string.Concat(Enumerable.Range(0, 11).Select(i => $"a{i}=v\n")));
        Assert.Null(await connection.ReadActionAsync());
        await connection.WaitClosedAsync();
    }

    [Fact]
    public async Task A_malformed_line_closes_the_connection_after_the_earlier_answers()
    {
        await using var connection = new PolicyConnectionHarness(ByRecipientDomain());
        await connection.SendAsync(PolicyRequests.Text() + "this is not an attribute\n\n");
        Assert.Equal("DUNNO", await connection.ReadActionAsync());
        Assert.Null(await connection.ReadActionAsync());
        await connection.WaitClosedAsync();
    }

    [Fact]
    public async Task A_client_closing_between_requests_ends_the_connection_quietly()
    {
        await using var connection = new PolicyConnectionHarness(ByRecipientDomain());
        await connection.SendAsync(PolicyRequests.Text());
        Assert.Equal("DUNNO", await connection.ReadActionAsync());
        await connection.CloseInputAsync();
        await connection.WaitClosedAsync();
        Assert.DoesNotContain(connection.Logger.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_request_that_stops_half_way_is_closed_after_the_request_timeout()
    {
        var options = new PolicyDelegationOptions { RequestTimeout = TimeSpan.FromMilliseconds(200), IdleTimeout = TimeSpan.FromSeconds(60) };
        await using var connection = new PolicyConnectionHarness(ByRecipientDomain(), options);
        await connection.SendAsync("request=smtpd_access_policy\nprotocol_state=RCPT\n");
        await connection.WaitClosedAsync(TimeSpan.FromSeconds(5));
        Assert.Contains(connection.Logger.Lines, l => l.Message.Contains("request not complete within 0.2 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_idle_timeout()
    {
        var options = new PolicyDelegationOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) };
        await using var connection = new PolicyConnectionHarness(ByRecipientDomain(), options);
        await connection.SendAsync(PolicyRequests.Text());
        Assert.Equal("DUNNO", await connection.ReadActionAsync());
        await connection.WaitClosedAsync(TimeSpan.FromSeconds(5));
        Assert.Contains(connection.Logger.Lines, l => l.Message.Contains("idle for 0.2 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_policy_defers_and_keeps_the_connection()
    {
        await using var connection = new PolicyConnectionHarness(new FakePolicy { RcptThrows = new InvalidOperationException("store is gone") });
        await connection.SendAsync(PolicyRequests.Text());
        Assert.Equal(PolicyActions.TemporaryFailure, await connection.ReadActionAsync());
        await connection.SendAsync(PolicyRequests.Text());
        Assert.Equal(PolicyActions.TemporaryFailure, await connection.ReadActionAsync());
        Assert.Contains(connection.Logger.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("store is gone", StringComparison.Ordinal));
    }
}
