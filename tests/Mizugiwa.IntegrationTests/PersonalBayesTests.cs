using Mizugiwa.IntegrationTests.Infrastructure;
using MimeKit;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Through `mizugiwa serve`: a user who trained their own Bayes dictionary (here with `bayes train --user`,
/// as "not spam" in the web UI does) gets mail judged by it, while everyone else gets the global verdict.
/// </summary>
public sealed class PersonalBayesTests
{
    private static string Folder(string root, string name, int count, Func<int, string> subject, Func<int, string> body)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; i++)
            File.WriteAllText(Path.Combine(folder, $"{i:00}.eml"), $"From: someone{i}@sender.example\nMessage-ID: <{name}{i}@sender.example>\nSubject: {subject(i)}\n\n{body(i)}\n");
        return folder;
    }

    [Fact]
    public async Task A_newsletter_the_global_dictionary_calls_spam_reaches_the_user_who_trained_it_as_wanted_mail_unflagged()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", ["Checks__Rgrey__Mode"] = "Off",
            ["Content__Bayes__MinSpamLearned"] = "5", ["Content__Bayes__MinHamLearned"] = "5",
            ["Content__Bayes__UserLearningFeedsGlobal"] = "false",
        });
        var root = Path.Combine(server.RootDirectory, "training");
        var newsletters = Folder(root, "news", 12, i => $"garden newsletter {i}", i => $"tulip bulbs seeds offer spring garden catalogue issue {i}");
        var meetings = Folder(root, "meetings", 12, i => $"meeting notes {i}", i => $"the meeting agenda for tomorrow project review item {i}");
        var wanted = Folder(root, "wanted", 12, i => $"garden newsletter {100 + i}", i => $"tulip bulbs seeds offer spring garden catalogue issue {100 + i}");
        var casino = Folder(root, "casino", 12, i => $"casino bonus {i}", i => $"jackpot lottery winner claim your prize casino {i}");
        Assert.Equal(0, (await server.RunCliAsync(["bayes", "train", "--spam", newsletters, "--ham", meetings])).ExitCode);
        Assert.Equal(0, (await server.RunCliAsync(["bayes", "train", "--spam", casino, "--ham", wanted, "--user", ServerProcess.Alice])).ExitCode);

        var token = TestMail.NewToken("garden");
        var message = TestMail.Create(token, ServerProcess.Alice, $"tulip bulbs seeds offer spring garden catalogue {token}\r\n");
        message.To.Add(MailboxAddress.Parse(ServerProcess.Bob));
        message.Subject = "garden newsletter";
        using (var client = await TestMail.ConnectAsync(server.Port))
        {
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }

        var alice = await server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        var bob = await server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token);
        Assert.Contains("X-Spam-Status: No", alice.Text);
        Assert.Contains("BAYES_OWN=0", alice.Text);
        Assert.Contains("X-Spam-Flag: YES", bob.Text);
        Assert.DoesNotContain("BAYES_OWN", bob.Text);

        // `mizugiwa scan --rcpt` explains the same per recipient.
        var file = Path.Combine(root, "newsletter.eml");
        await File.WriteAllTextAsync(file, "From: news@garden.example\nSubject: garden newsletter\n\ntulip bulbs seeds offer spring garden catalogue\n");
        var scan = await server.RunCliAsync(["scan", file, "--rcpt", ServerProcess.Alice, "--rcpt", ServerProcess.Bob]);
        Assert.Equal(0, scan.ExitCode);
        Assert.Contains("action: spam", scan.StandardOutput);
        Assert.Matches($@"recipient {ServerProcess.Alice}: own Bayes dictionary votes \(p=0\.\d+\): score -?[\d.]+, action none", scan.StandardOutput);
        Assert.Contains($"recipient {ServerProcess.Alice}: filter mode label: delivered to the inbox, labelled as not spam", scan.StandardOutput);
        Assert.Contains($"recipient {ServerProcess.Bob}: filter mode label: delivered to the inbox, labelled as spam", scan.StandardOutput);
        Assert.DoesNotContain($"recipient {ServerProcess.Bob}: own", scan.StandardOutput);
    }
}
