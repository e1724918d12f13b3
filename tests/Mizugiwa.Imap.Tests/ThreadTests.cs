using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailSearch = MailKit.Search.SearchQuery;
using MailKit.Security;
using Mizugiwa.Imap.Tests.Support;

namespace Mizugiwa.Imap.Tests;

/// <summary>THREAD (RFC 5256) over the test server: both algorithms, UID THREAD, search keys, bad input; and MailKit's ThreadAsync.</summary>
public sealed class ThreadTests : ImapServerTest
{
    private static string Message(string id, string subject, string date, string? inReplyTo = null, string? references = null) =>
        $"From: bob@example.net\nTo: alice@example.test\nSubject: {subject}\nDate: {date}\nMessage-Id: <{id}@example.net>\n"
        + (inReplyTo is null ? "" : $"In-Reply-To: <{inReplyTo}@example.net>\n")
        + (references is null ? "" : $"References: {references}\n")
        + "\nHello.\n";

    private void DeliverConversation()
    {
        // 1 starts "Lunch"; 2 and 4 answer it (4 was sent before 2); 3 answers 2 by In-Reply-To only;
        // 5 is "Re: Lunch" from a client that sets no references; 6 answers a message that is not here.
        Maildir.Deliver(Message("lunch", "Lunch", "Fri, 05 Dec 2025 09:00:00 +0000"));
        Maildir.Deliver(Message("r1", "Re: Lunch", "Fri, 05 Dec 2025 11:00:00 +0000", "lunch", "<lunch@example.net>"));
        Maildir.Deliver(Message("r2", "Re: Re: Lunch", "Fri, 05 Dec 2025 12:00:00 +0000", inReplyTo: "r1"));
        Maildir.Deliver(Message("r3", "Re: Lunch", "Fri, 05 Dec 2025 10:00:00 +0000", "lunch", "<lunch@example.net>"));
        Maildir.Deliver(Message("r4", "Re: Lunch", "Fri, 05 Dec 2025 13:00:00 +0000"));
        Maildir.Deliver(Message("b1", "Re: Budget", "Fri, 05 Dec 2025 08:00:00 +0000", "gone", "<gone@example.net>"));
    }

    [Theory]
    [InlineData("THREAD REFERENCES UTF-8 ALL", "* THREAD (6)(1 (4)(2 3)(5))")]
    [InlineData("THREAD references us-ascii ALL", "* THREAD (6)(1 (4)(2 3)(5))")]
    [InlineData("UID THREAD REFERENCES UTF-8 ALL", "* THREAD (6)(1 (4)(2 3)(5))")]
    [InlineData("THREAD REFERENCES UTF-8 NOT SUBJECT budget", "* THREAD (1 (4)(2 3)(5))")]
    [InlineData("THREAD REFERENCES UTF-8 2:3", "* THREAD (2 3)")]
    [InlineData("THREAD REFERENCES UTF-8 SUBJECT nothing-like-this", "* THREAD")]
    [InlineData("THREAD ORDEREDSUBJECT UTF-8 ALL", "* THREAD (6)(1 (4)(2)(3)(5))")]
    [InlineData("UID THREAD ORDEREDSUBJECT UTF-8 1:3", "* THREAD (1 (2)(3))")]
    public async Task Threads_the_messages_the_search_finds(string command, string expected)
    {
        DeliverConversation();
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        var login = await client.LoginAsync();
        Assert.Contains(" THREAD=ORDEREDSUBJECT THREAD=REFERENCES", login[^1]);
        Assert.StartsWith("OK", await client.ResultAsync("SELECT INBOX"));
        var answer = await client.CommandAsync(command);
        Assert.Equal([expected, $"{client.LastTag} OK THREAD completed"], answer);
    }

    [Theory]
    [InlineData("THREAD JWZ UTF-8 ALL", "BAD 'JWZ' is not a threading algorithm (ORDEREDSUBJECT REFERENCES)")]
    [InlineData("THREAD REFERENCES KOI8-R ALL", "NO [BADCHARSET (UTF-8 US-ASCII)] only UTF-8 and US-ASCII threads")]
    [InlineData("THREAD REFERENCES UTF-8", "BAD expected a space")]
    public async Task Bad_thread_commands_get_a_clear_answer(string command, string expected)
    {
        DeliverConversation();
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        Assert.Equal("BAD no mailbox selected (SELECT or EXAMINE first)", await client.ResultAsync("THREAD REFERENCES UTF-8 ALL"));
        Assert.StartsWith("OK", await client.ResultAsync("SELECT INBOX"));
        Assert.StartsWith(expected, await client.ResultAsync(command));
        Assert.Equal("OK NOOP completed", await client.ResultAsync("NOOP"));
    }

    [Fact]
    public async Task MailKit_threads_through_THREAD()
    {
        DeliverConversation();
        using var imap = new ImapClient
        {
            Timeout = 10_000,
            ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=imap.test",
        };
        await imap.ConnectAsync("127.0.0.1", Server.Port, SecureSocketOptions.SslOnConnect);
        await imap.AuthenticateAsync(TestMaildir.User, "secret");
        Assert.Contains(ThreadingAlgorithm.References, imap.ThreadingAlgorithms);
        Assert.Contains(ThreadingAlgorithm.OrderedSubject, imap.ThreadingAlgorithms);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var threads = await imap.Inbox.ThreadAsync(ThreadingAlgorithm.References, MailSearch.All);
        Assert.Equal("(6)(1 (4)(2 3)(5))", Describe(threads));
        await imap.DisconnectAsync(true);
    }

    private static string Describe(IEnumerable<MessageThread> threads) =>
        string.Concat(threads.Select(t => "(" + Members(t) + ")"));

    private static string Members(MessageThread thread)
    {
        var head = thread.UniqueId?.Id.ToString() ?? "";
        var children = thread.Children.Count == 1 ? Members(thread.Children[0]) : Describe(thread.Children);
        return head.Length > 0 && children.Length > 0 ? head + " " + children : head + children;
    }
}
