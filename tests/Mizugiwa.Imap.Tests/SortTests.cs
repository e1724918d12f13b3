using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailSearch = MailKit.Search.SearchQuery;
using MailKit.Security;
using Mizugiwa.Imap.Tests.Support;

namespace Mizugiwa.Imap.Tests;

/// <summary>SORT (RFC 5256): criteria, REVERSE, ties in mailbox order, the base subject, bad input; and MailKit's SortAsync.</summary>
public sealed class SortTests : ImapServerTest
{
    private static string Message(string subject, string from, string date, string body = "Hello.\n", string to = "alice@example.test") =>
        $"From: {from}\nTo: {to}\nSubject: {subject}\nDate: {date}\nMessage-Id: <{Guid.NewGuid():N}@example.net>\n\n{body}";

    private void DeliverFour()
    {
        // Delivered (arrival) in this order; sent dates, senders, subjects and sizes in other orders.
        Maildir.Deliver(Message("Re: [list] Lunch", "Carol <carol@example.net>", "Fri, 05 Dec 2025 12:00:00 +0000"), time: DateTime.UtcNow.AddHours(-4));
        Maildir.Deliver(Message("Budget (fwd)", "alice@example.net", "Fri, 05 Dec 2025 09:00:00 +0000", new string('x', 2000)), time: DateTime.UtcNow.AddHours(-3));
        Maildir.Deliver(Message("[Fwd: Zebra]", "Bob <BOB@example.net>", "Fri, 05 Dec 2025 20:00:00 +0900"), time: DateTime.UtcNow.AddHours(-2));
        Maildir.Deliver(Message("lunch", "dave@example.net", "not a date"), time: DateTime.UtcNow.AddHours(-1));
    }

    [Theory]
    [InlineData("SORT (ARRIVAL) UTF-8 ALL", "* SORT 1 2 3 4")]
    [InlineData("SORT (REVERSE ARRIVAL) UTF-8 ALL", "* SORT 4 3 2 1")]
    // 3 was sent at 11:00 UTC; 4 has no usable Date and sorts by its arrival (an hour ago, a year after the others were sent).
    [InlineData("SORT (DATE) UTF-8 ALL", "* SORT 2 3 1 4")]
    [InlineData("SORT (FROM) US-ASCII ALL", "* SORT 2 3 1 4")]
    [InlineData("SORT (SIZE) UTF-8 ALL", "* SORT 4 3 1 2")]
    // Base subjects: "Lunch", "Budget", "Zebra", "lunch": the two lunches tie and keep mailbox order.
    [InlineData("SORT (SUBJECT) UTF-8 ALL", "* SORT 2 1 4 3")]
    [InlineData("SORT (SUBJECT REVERSE DATE) UTF-8 ALL", "* SORT 2 4 1 3")]
    [InlineData("SORT (SUBJECT) UTF-8 NOT FROM carol", "* SORT 2 4 3")]
    [InlineData("UID SORT (REVERSE SIZE) UTF-8 2:4", "* SORT 2 3 4")]
    public async Task Sorts_by_the_criteria_with_ties_in_mailbox_order(string command, string expected)
    {
        DeliverFour();
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        var login = await client.LoginAsync();
        Assert.Contains(" SORT", login[^1]);
        Assert.StartsWith("OK", await client.ResultAsync("SELECT INBOX"));
        var answer = await client.CommandAsync(command);
        Assert.Equal([expected, $"{client.LastTag} OK SORT completed"], answer);
    }

    [Theory]
    [InlineData("SORT () UTF-8 ALL", "BAD SORT needs at least one sort criterion")]
    [InlineData("SORT (COLOUR) UTF-8 ALL", "BAD 'COLOUR' is not a sort criterion (ARRIVAL CC DATE FROM SIZE SUBJECT TO, each may follow REVERSE)")]
    [InlineData("SORT (DATE REVERSE) UTF-8 ALL", "BAD REVERSE must be followed by a sort criterion")]
    [InlineData("SORT (DATE) KOI8-R ALL", "NO [BADCHARSET (UTF-8 US-ASCII)] only UTF-8 and US-ASCII sorts")]
    [InlineData("SORT DATE UTF-8 ALL", "BAD expected '(' to start the sort criteria")]
    public async Task Bad_sort_commands_get_a_clear_answer(string command, string expected)
    {
        DeliverFour();
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        Assert.Equal("BAD no mailbox selected (SELECT or EXAMINE first)", await client.ResultAsync("SORT (DATE) UTF-8 ALL"));
        Assert.StartsWith("OK", await client.ResultAsync("SELECT INBOX"));
        Assert.Equal(expected, await client.ResultAsync(command));
        Assert.Equal("OK NOOP completed", await client.ResultAsync("NOOP"));
    }

    [Theory]
    [InlineData("Re: Re: hello", "hello")]
    [InlineData("RE:[list] Fwd: hello (fwd) (FWD)", "hello")]
    [InlineData("[Fwd: re: [x] hello]", "hello")]
    [InlineData("[list] hello", "hello")]
    [InlineData("[only a blob]", "[only a blob]")]
    [InlineData("Re:  spaced \t out ", "spaced out")]
    [InlineData(null, "")]
    public void The_base_subject_drops_what_replies_and_forwards_add(string? subject, string expected) =>
        Assert.Equal(expected, BaseSubject.Of(subject));

    [Fact]
    public async Task MailKit_sorts_through_SORT()
    {
        DeliverFour();
        using var imap = new ImapClient
        {
            Timeout = 10_000,
            ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=imap.test",
        };
        await imap.ConnectAsync("127.0.0.1", Server.Port, SecureSocketOptions.SslOnConnect);
        await imap.AuthenticateAsync(TestMaildir.User, "secret");
        Assert.True(imap.Capabilities.HasFlag(ImapCapabilities.Sort));
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var sorted = await imap.Inbox.SortAsync(MailSearch.All, [OrderBy.ReverseDate]);
        Assert.Equal([4u, 1u, 3u, 2u], sorted.Select(u => u.Id));
        var bySender = await imap.Inbox.SortAsync(MailSearch.All, [OrderBy.From, OrderBy.Arrival]);
        Assert.Equal([2u, 3u, 1u, 4u], bySender.Select(u => u.Id));
        await imap.DisconnectAsync(true);
    }
}
