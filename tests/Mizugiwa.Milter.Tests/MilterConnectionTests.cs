using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Milter.Tests.Support;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;
using static Mizugiwa.Milter.Tests.Support.MilterTestClient;

namespace Mizugiwa.Milter.Tests;

/// <summary>The milter over a real loopback socket, driven by a client that speaks the protocol as Postfix does.</summary>
public sealed class MilterConnectionTests
{
    [Fact]
    public async Task A_message_is_rebuilt_scanned_with_its_envelope_and_labelled_by_header_edits()
    {
        var filter = new FakeContentFilter();
        await using var server = await MilterTestServer.StartAsync(filter);
        await using var client = await ConnectAsync(server.Port);
        var negotiated = await client.NegotiateAsync();
        Assert.Equal('O', negotiated.Command);

        await client.SendMessageAsync(new MilterTestMessage
        {
            Recipients = ["sales@example.test", "someone@elsewhere.example"],
            Headers = [("Authentication-Results", " mx.example.test; dkim=pass"), ("From", " <sender@remote.example>"), ("Subject", " Hello\n\tthere")],
        });
        var (edits, final, _) = await client.ReadEndOfBodyAsync();

        Assert.Equal('c', final.Command);
        Assert.Equal(["m", "i", "i", "i"], edits.Select(e => e.Command.ToString()));
        Assert.Equal(["Authentication-Results", ""], edits[0].Strings(4));
        Assert.Equal(1u, edits[0].Index);
        Assert.Equal(["Authentication-Results", " mx.example.test;\n\tspf=pass smtp.mailfrom=example.org"], edits[1].Strings(4));
        Assert.Equal((0u, "X-Spam-Score"), (edits[2].Index - 1, edits[2].Strings(4)[0]));
        Assert.Equal(2u, edits[3].Index);

        var request = Assert.Single(filter.Requests);
        Assert.Equal("192.0.2.7", request.Session.ClientAddress.ToString());
        Assert.Equal("mail.remote.example", request.Session.ClientName);
        Assert.Equal("mail.remote.example", request.Session.Helo);
        Assert.False(request.Session.Authenticated);
        Assert.Equal("sender@remote.example", request.Sender);
        Assert.Equal(["sales@example.test:alice@example.test:", "sales@example.test:bob@example.test:", "someone@elsewhere.example:someone@elsewhere.example:milter"],
            request.Recipients.Select(r => $"{r.Address}:{r.Mailbox}:{r.Route}"));
        var raw = Encoding.UTF8.GetString(request.Message.Span);
        Assert.StartsWith("Received: from mail.remote.example (mail.remote.example [192.0.2.7])\r\n\tby mta.postfix.test", raw);
        Assert.Contains("id 4ABCDEF123", raw);
        Assert.EndsWith("\r\nAuthentication-Results: mx.example.test; dkim=pass\r\nFrom: <sender@remote.example>\r\nSubject: Hello\r\n\tthere\r\n\r\nHello Alice,\r\nsee you.\r\n", raw);

        var line = await server.WaitForLogAsync(l => l.StartsWith("milter id=", StringComparison.Ordinal));
        Assert.Contains("stage=MILTER client=192.0.2.7 ptr=mail.remote.example helo=mail.remote.example from=<sender@remote.example> to=<sales@example.test,someone@elsewhere.example> check=content rule=score=0.0 action=none", line);
        // 250: what the MTA answers its client after our continue, so the transaction log counts it as accepted, as the MX's DATA.
        Assert.Contains("queue=4ABCDEF123 reply=\"250 continue +3 -1 headers\"", line);
        var record = Assert.Single(await server.WaitForDecisionsAsync(1));
        Assert.Equal(("MILTER", "content", "none", "4ABCDEF123", "250 continue +3 -1 headers"),
            (record.Stage, record.Check, record.ContentAction, record.QueueId, record.Reply));
    }

    [Fact]
    public async Task A_refused_message_gets_the_reply_code_and_no_edits()
    {
        var filter = new FakeContentFilter
        {
            Answer = (request, _) => Task.FromResult(new ContentFilterResult(new SmtpReply(550, "5.7.1", "Message refused as spam (score 1000.0) at the recipients' request"),
                request.Recipients, null, "score=1000.0 action=spam symbols=GTUBE modes=reject", "spam")),
        };
        await using var server = await MilterTestServer.StartAsync(filter);
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendMessageAsync(new MilterTestMessage());
        var (edits, final, _) = await client.ReadEndOfBodyAsync();
        Assert.Empty(edits);
        Assert.Equal('y', final.Command);
        Assert.Equal("550 5.7.1 Message refused as spam (score 1000.0) at the recipients' request\0", final.Text);
        await server.WaitForLogAsync(l => l.Contains("reply=\"550 5.7.1 Message refused as spam", StringComparison.Ordinal));
        Assert.StartsWith("550 5.7.1 Message refused as spam", Assert.Single(await server.WaitForDecisionsAsync(1)).Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_an_abort_the_next_message_on_the_connection_is_judged_with_its_own_envelope()
    {
        var filter = new FakeContentFilter { Answer = (request, _) => Task.FromResult(FakeContentFilter.Labelled(request, spam: request.Sender.StartsWith("spam", StringComparison.Ordinal))) };
        await using var server = await MilterTestServer.StartAsync(filter);
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendAsync('D', [(byte)'C'], Z("j"), Z("mta.postfix.test"));
        await client.SendAsync('C', Z("[192.0.2.9]"), [(byte)'4'], [0, 25], Z("192.0.2.9"));
        await client.SendAsync('H', Z("pc9.example"));
        await client.SendAsync('M', Z("<first@remote.example>"));
        await client.SendAsync('R', Z("<alice@example.test>"));
        await client.SendAsync('L', Z("Subject"), Z(" first"));
        await client.SendAsync('A');

        await client.SendMessageAsync(new MilterTestMessage { WithConnect = false, Sender = "spam@remote.example", Recipients = ["bob@example.test"] });
        var (edits, final, _) = await client.ReadEndOfBodyAsync();
        Assert.Equal('c', final.Command);
        Assert.Contains(edits, e => e.Strings(4)[0] == "X-Spam-Flag");
        await client.SendMessageAsync(new MilterTestMessage { WithConnect = false, Sender = "third@remote.example", Recipients = ["alice@example.test"] });
        Assert.Equal('c', (await client.ReadEndOfBodyAsync()).Final.Command);

        Assert.Equal(["spam@remote.example bob@example.test", "third@remote.example alice@example.test"],
            filter.Requests.Select(r => $"{r.Sender} {string.Join(",", r.Recipients.Select(x => x.Address))}"));
        Assert.All(filter.Requests, r => Assert.Equal(("192.0.2.9", "unknown", "pc9.example"), (r.Session.ClientAddress.ToString(), r.Session.ClientName, r.Session.Helo)));
        Assert.DoesNotContain("first", Encoding.UTF8.GetString(filter.Requests[0].Message.Span));
        Assert.Equal([".1", ".2"], server.Decisions.Records.Select(r => r.SessionId[^2..]));
    }

    [Fact]
    public async Task An_authenticated_sender_and_a_trusted_client_are_accepted_unscanned()
    {
        var filter = new FakeContentFilter();
        await using var server = await MilterTestServer.StartAsync(filter,
            new MilterOptions { HostName = "mx.example.test", TrustedNetworks = [System.Net.IPNetwork.Parse("198.51.100.0/24")] });
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendMessageAsync(new MilterTestMessage { AuthenticatedAs = "alice@example.test" });
        var (edits, final, _) = await client.ReadEndOfBodyAsync();
        Assert.Equal(('c', 0), (final.Command, edits.Count));
        await client.SendAsync('K');
        await client.SendMessageAsync(new MilterTestMessage { ClientAddress = "198.51.100.3" });
        Assert.Equal(('c', 0), ((await client.ReadEndOfBodyAsync()).Final.Command, 0));
        Assert.Empty(filter.Requests);
        await server.WaitForLogAsync(l => l.Contains("rule=not scanned: authenticated sender", StringComparison.Ordinal));
        await server.WaitForLogAsync(l => l.Contains("rule=not scanned: trusted (trusted network 198.51.100.0/24)", StringComparison.Ordinal));
        // Accepted unscanned, as the MX's DATA says 250 to them.
        Assert.Equal(["250 continue", "250 continue"], (await server.WaitForDecisionsAsync(2)).Select(r => r.Reply));
    }

    [Fact]
    public async Task A_message_over_the_scan_size_is_accepted_unscanned()
    {
        var filter = new FakeContentFilter { MaxScanSize = 100_000 };
        await using var server = await MilterTestServer.StartAsync(filter);
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendMessageAsync(new MilterTestMessage { Body = string.Concat(Enumerable.Repeat("0123456789012345678901234567890123456789\r\n", 4000)) });
        var (edits, final, _) = await client.ReadEndOfBodyAsync();
        Assert.Equal(('c', 0), (final.Command, edits.Count));
        Assert.Empty(filter.Requests);
        await server.WaitForLogAsync(l => l.Contains("over Content:MaxScanSize 100000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_scan_or_directory_accepts_the_message_without_a_label_and_says_so()
    {
        var filter = new FakeContentFilter { Answer = (_, _) => throw new InvalidOperationException("the Bayes store is down") };
        await using var server = await MilterTestServer.StartAsync(filter);
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendMessageAsync(new MilterTestMessage());
        var (edits, final, _) = await client.ReadEndOfBodyAsync();
        Assert.Equal(('c', 0), (final.Command, edits.Count));
        var error = await server.WaitForLogAsync(l => l.Contains("content filter failed", StringComparison.Ordinal));
        Assert.Contains("the Bayes store is down", error);
        Assert.Contains(server.Logger.Lines, l => l.Level == LogLevel.Error);

        await using var directoryDown = await MilterTestServer.StartAsync(new FakeContentFilter(), directory: new FakeDirectory { Throws = new IOException("directory unreachable") });
        await using var second = await ConnectAsync(directoryDown.Port);
        await second.NegotiateAsync();
        await second.SendMessageAsync(new MilterTestMessage());
        Assert.Equal('c', (await second.ReadEndOfBodyAsync()).Final.Command);
        await directoryDown.WaitForLogAsync(l => l.Contains("directory unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_content_level_every_message_is_accepted_unscanned()
    {
        await using var server = await MilterTestServer.StartAsync(filter: null);
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendMessageAsync(new MilterTestMessage());
        Assert.Equal('c', (await client.ReadEndOfBodyAsync()).Final.Command);
        await server.WaitForLogAsync(l => l.Contains("not scanned: the content level is off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_scan_sends_progress_until_its_verdict()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var verdict = new TaskCompletionSource<ContentFilterResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var filter = new FakeContentFilter { Answer = (_, _) => verdict.Task };
        await using var server = await MilterTestServer.StartAsync(filter, time: time);
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendMessageAsync(new MilterTestMessage());
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            while (filter.Requests.Count == 0) await Task.Delay(10, limit.Token);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal('p', (await client.ReadAsync())!.Command);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal('p', (await client.ReadAsync())!.Command);
        verdict.SetResult(FakeContentFilter.Labelled(filter.Requests[0], spam: false));
        var (_, final, _) = await client.ReadEndOfBodyAsync();
        Assert.Equal('c', final.Command);
    }

    [Fact]
    public async Task A_packet_over_the_limit_closes_the_connection_with_a_warning()
    {
        await using var server = await MilterTestServer.StartAsync(new FakeContentFilter());
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendRawAsync([0, 1, 0, 1, (byte)'B']);
        Assert.True(await client.IsClosedByServerAsync());
        var warning = await server.WaitForLogAsync(l => l.Contains("closing it", StringComparison.Ordinal));
        Assert.Contains("a packet of 65537 octets, over the limit of 65536 (Milter:MaxPacketBytes)", warning);
    }

    [Theory]
    [InlineData('Z', "unknown command 'Z'")]
    [InlineData('L', "header outside a message")]
    public async Task Garbage_after_the_negotiation_closes_the_connection_with_a_warning(char command, string problem)
    {
        await using var server = await MilterTestServer.StartAsync(new FakeContentFilter());
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendAsync(command, Z("x"), Z("y"));
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Contains(problem, await server.WaitForLogAsync(l => l.Contains("closing it", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Commands_before_the_negotiation_and_an_old_protocol_version_are_refused()
    {
        await using var server = await MilterTestServer.StartAsync(new FakeContentFilter());
        await using (var early = await ConnectAsync(server.Port))
        {
            await early.SendAsync('C', Z("x"), [(byte)'U']);
            Assert.True(await early.IsClosedByServerAsync());
        }
        await server.WaitForLogAsync(l => l.Contains("command 'C' before the option negotiation", StringComparison.Ordinal));
        await using var old = await ConnectAsync(server.Port);
        await old.SendAsync('O', Word(2), Word(PostfixActions), Word(0x7F));
        Assert.True(await old.IsClosedByServerAsync());
        await server.WaitForLogAsync(l => l.Contains("milter_protocol = 6", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_MTA_that_goes_away_in_the_middle_of_a_message_is_logged_and_nothing_is_decided()
    {
        var filter = new FakeContentFilter();
        await using var server = await MilterTestServer.StartAsync(filter);
        await using (var client = await ConnectAsync(server.Port))
        {
            await client.NegotiateAsync();
            await client.SendAsync('C', Z("[192.0.2.8]"), [(byte)'4'], [0, 25], Z("192.0.2.8"));
            await client.SendAsync('M', Z("<gone@remote.example>"));
            await client.SendAsync('L', Z("Subject"), Z(" x"));
            await client.SendRawAsync([0, 0, 0, 9, (byte)'B', 1]);
        }
        var line = await server.WaitForLogAsync(l => l.Contains("went away in the middle of the message", StringComparison.Ordinal));
        Assert.Contains("client=192.0.2.8 from=<gone@remote.example>", line);
        Assert.Contains("in the middle of a packet", line);
        Assert.Empty(filter.Requests);
        Assert.Empty(server.Decisions.Records);
    }

    [Fact]
    public async Task Without_no_reply_steps_each_command_is_answered_with_continue()
    {
        await using var server = await MilterTestServer.StartAsync(new FakeContentFilter());
        await using var client = await ConnectAsync(server.Port);
        var negotiated = await client.NegotiateAsync(steps: 0x7F);
        Assert.Equal(0u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(negotiated.Data.AsSpan(8)));
        await client.SendAsync('C', Z("[192.0.2.8]"), [(byte)'4'], [0, 25], Z("192.0.2.8"));
        Assert.Equal('c', (await client.ReadAsync())!.Command);
        await client.SendAsync('H', Z("pc8"));
        Assert.Equal('c', (await client.ReadAsync())!.Command);
        await client.SendAsync('M', Z("<a@remote.example>"));
        Assert.Equal('c', (await client.ReadAsync())!.Command);
        await client.SendAsync('L', Z("To"), Z("alice@example.test"));
        Assert.Equal('c', (await client.ReadAsync())!.Command);
        await client.SendAsync('Q');
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task An_MTA_that_stays_silent_past_the_idle_timeout_is_disconnected()
    {
        var time = new FakeTimeProvider();
        await using var server = await MilterTestServer.StartAsync(new FakeContentFilter(), time: time);
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        var closed = false;
        // The server arms its wait after it has answered; advancing until it notices needs no sleeping of the clock.
        for (var attempt = 0; attempt < 50 && !closed; attempt++)
        {
            time.Advance(TimeSpan.FromSeconds(331));
            try { closed = await client.ReadAsync(TimeSpan.FromMilliseconds(200)) is null; }
            catch (OperationCanceledException) { /* not yet */ }
        }
        Assert.True(closed);
        Assert.Contains("idle for 330 s", await server.WaitForLogAsync(l => l.Contains("closing it", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_MTA_that_stalls_in_the_middle_of_a_packet_is_dropped_after_the_packet_timeout()
    {
        var time = new FakeTimeProvider();
        await using var server = await MilterTestServer.StartAsync(new FakeContentFilter(),
            new MilterOptions { HostName = "mx.example.test", PacketTimeout = TimeSpan.FromSeconds(5) }, time);
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendRawAsync([0, 0, 0, 9, (byte)'B', 1, 2]);

        async Task<bool> ClosedAsync()
        {
            try { return await client.ReadAsync(TimeSpan.FromMilliseconds(200)) is null; }
            catch (OperationCanceledException) { return false; }
        }
        // The packet's clock starts when the server has read its first bytes, never before they were sent: 4 s on, it still waits.
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(await ClosedAsync());
        // Then second by second until it notices, far below the idle timeout (330 s): no sleeping of the clock.
        var closed = false;
        for (var second = 5; second <= 60 && !closed; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            closed = await ClosedAsync();
        }
        Assert.True(closed);
        Assert.Contains("a packet not complete within 5 s", await server.WaitForLogAsync(l => l.Contains("closing it", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_connection_over_the_limit_is_closed_at_once_with_a_warning_and_a_freed_place_is_served_again()
    {
        await using var server = await MilterTestServer.StartAsync(new FakeContentFilter(), new MilterOptions { HostName = "mx.example.test", MaxConnections = 2 });
        await using var first = await ConnectAsync(server.Port);
        Assert.Equal('O', (await first.NegotiateAsync()).Command);
        await using var second = await ConnectAsync(server.Port);
        Assert.Equal('O', (await second.NegotiateAsync()).Command);

        // Closed before the MTA has said anything: Postfix then finds it at its first read and applies milter_default_action.
        await using (var over = await ConnectAsync(server.Port))
            Assert.True(await over.IsClosedByServerAsync());
        var warning = await server.WaitForLogAsync(l => l.Contains("closing it", StringComparison.Ordinal));
        Assert.Contains("over the limit of 2 connections at once (Milter:MaxConnections)", warning);
        Assert.Contains(server.Logger.Lines, l => l.Level == LogLevel.Warning && l.Message == warning);

        // The connections within the limit go on; when one ends, its place is free again.
        await second.SendMessageAsync(new MilterTestMessage());
        Assert.Equal('c', (await second.ReadEndOfBodyAsync()).Final.Command);
        await first.SendAsync('Q');
        Assert.True(await first.IsClosedByServerAsync());
        ReadPacket? negotiated = null;
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            // The server counts the first connection out just after it closes it: try again (bounded) until it has.
            while (negotiated is null)
            {
                await using var next = await ConnectAsync(server.Port);
                try
                {
                    await next.SendAsync('O', Word(6), Word(PostfixActions), Word(PostfixSteps));
                    negotiated = await next.ReadAsync();
                }
                catch (IOException) { /* closed: still counted */ }
                if (negotiated is null) await Task.Delay(20, limit.Token);
            }
        }
        Assert.Equal('O', negotiated.Command);
    }

    [Fact]
    public async Task When_the_server_stops_a_connection_between_messages_is_closed_and_one_in_a_message_finishes_it()
    {
        using var stopping = new CancellationTokenSource();
        var verdict = new TaskCompletionSource<ContentFilterResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var filter = new FakeContentFilter { Answer = (_, _) => verdict.Task };
        await using var server = await MilterTestServer.StartAsync(filter, stopping: stopping.Token);
        await using var idle = await ConnectAsync(server.Port);
        await idle.NegotiateAsync();
        await using var busy = await ConnectAsync(server.Port);
        await busy.NegotiateAsync();
        await busy.SendMessageAsync(new MilterTestMessage());
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            while (filter.Requests.Count == 0) await Task.Delay(10, limit.Token);

        await stopping.CancelAsync();
        Assert.True(await idle.IsClosedByServerAsync());
        await server.WaitForLogAsync(l => l.Contains("closed after 0 message(s): the server is stopping", StringComparison.Ordinal));
        verdict.SetResult(FakeContentFilter.Labelled(filter.Requests[0], spam: false));
        Assert.Equal('c', (await busy.ReadEndOfBodyAsync()).Final.Command);
    }

    [Fact]
    public async Task A_message_without_recipients_is_not_judged()
    {
        var filter = new FakeContentFilter();
        await using var server = await MilterTestServer.StartAsync(filter);
        await using var client = await ConnectAsync(server.Port);
        await client.NegotiateAsync();
        await client.SendMessageAsync(new MilterTestMessage { Recipients = [] });
        Assert.Equal('c', (await client.ReadEndOfBodyAsync()).Final.Command);
        Assert.Empty(filter.Requests);
        await server.WaitForLogAsync(l => l.Contains("rule=not scanned: no recipients", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_the_content_level_rewrote_replaces_the_MTAs_before_the_label_and_only_when_the_MTA_allows_it()
    {
        var filter = new FakeContentFilter
        {
            Answer = (request, _) => Task.FromResult(FakeContentFilter.Labelled(request, spam: false) with
            {
                ReplacementMessage = Encoding.UTF8.GetBytes("From: <sender@remote.example>\nSubject: Hello\n\tthere\n\nThe attachment was removed.\n"),
            }),
        };
        await using var server = await MilterTestServer.StartAsync(filter);
        await using (var client = await ConnectAsync(server.Port))
        {
            await client.NegotiateAsync();
            await client.SendMessageAsync(new MilterTestMessage());
            var (edits, final, _) = await client.ReadEndOfBodyAsync();
            Assert.Equal('c', final.Command);
            Assert.Equal(["b", "i", "i", "i"], edits.Select(e => e.Command.ToString()));
            Assert.Equal("The attachment was removed.\r\n", edits[0].Text);
            await server.WaitForLogAsync(l => l.Contains("reply=\"250 continue +3 -0 headers, body replaced\"", StringComparison.Ordinal));
        }

        await using var headersOnly = await ConnectAsync(server.Port);
        await headersOnly.NegotiateAsync(actions: 0x11);
        await headersOnly.SendMessageAsync(new MilterTestMessage());
        var (labelOnly, _, _) = await headersOnly.ReadEndOfBodyAsync();
        Assert.DoesNotContain(labelOnly, e => e.Command == 'b');
        await server.WaitForLogAsync(l => l.Contains("does not let the milter replace bodies", StringComparison.Ordinal));
    }
}
