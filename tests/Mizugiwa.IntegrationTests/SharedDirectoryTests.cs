using System.Net;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Testing;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Two `mizugiwa serve` nodes (127.0.0.1 and 127.0.0.2) with one directory in a real PostgreSQL:
/// what the CLI changes through node A's configuration, node B acts on at once; the Bayes dictionaries
/// are in the same database.
/// </summary>
public sealed class SharedDirectoryTests : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private ServerProcess? _nodeA;
    private ServerProcess? _nodeB;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        var connectionString = await _postgres.CreateDatabaseAsync("directory");
        _nodeA = await ServerProcess.StartAsync(Settings("127.0.0.1", connectionString));
        _nodeB = await ServerProcess.StartAsync(Settings("127.0.0.2", connectionString), provision: false); // node A has made the domain and accounts
    }

    private static Dictionary<string, string> Settings(string address, string connectionString) => new()
    {
        ["Mx__Address"] = address,
        ["Directory__Backend"] = "Postgres",
        ["Directory__ConnectionString"] = connectionString,
        ["Checks__Rgrey__Mode"] = "Off",
        // Loopback clients are trusted by default, and trusted mail is not scanned.
        ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
        // Alice's own dictionary votes after a few marks; the global one (nothing fed to it) never does.
        ["Content__Bayes__MinSpamLearned"] = "3", ["Content__Bayes__MinHamLearned"] = "3",
        ["Content__Bayes__UserLearningFeedsGlobal"] = "false",
    };

    public async Task DisposeAsync()
    {
        if (_nodeA is not null) await _nodeA.DisposeAsync();
        if (_nodeB is not null) await _nodeB.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    private static async Task<string> RcptAsync(ServerProcess node, string recipient) =>
        Assert.Single(await node.RcptRepliesAsync(IPAddress.Parse("127.0.0.9"), recipient));

    [Fact]
    public async Task An_account_added_with_the_cli_on_node_a_is_accepted_at_rcpt_by_node_b()
    {
        var (a, b) = (_nodeA!, _nodeB!);
        Assert.StartsWith("250 ", await RcptAsync(b, ServerProcess.Alice)); // made by node A's provisioning
        Assert.StartsWith("550 5.1.1", await RcptAsync(b, "frank@example.test"));

        var added = await a.RunCliAsync(["account", "add", "frank@example.test", "--password-stdin"], "pw-frank\n");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.StartsWith("250 ", await RcptAsync(b, "frank@example.test"));

        var listed = await b.RunCliAsync(["account", "list", "example.test"]);
        Assert.Contains("frank@example.test", listed.StandardOutput.Split('\n'));

        var disabled = await b.RunCliAsync(["account", "disable", "frank@example.test"]);
        Assert.True(disabled.ExitCode == 0, disabled.ToString());
        Assert.StartsWith("550 5.2.1", await RcptAsync(a, "frank@example.test"));
    }

    [Fact]
    public async Task An_access_rule_added_on_node_a_is_in_node_bs_lists_and_its_removal_too()
    {
        var (a, b) = (_nodeA!, _nodeB!);
        var added = await a.RunCliAsync(["access", "add", "client", "198.51.100.0/24", "allow", "partner relay"]);
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("198.51.100.0/24", (await b.RunCliAsync(["access", "list"])).StandardOutput);

        var removed = await b.RunCliAsync(["access", "remove", "client", "198.51.100.0/24"]);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.DoesNotContain("198.51.100.0/24", (await a.RunCliAsync(["access", "list"])).StandardOutput);
    }

    [Fact]
    public async Task A_users_marks_through_node_as_api_judge_her_mail_on_node_b()
    {
        var (a, b) = (_nodeA!, _nodeB!);
        using var http = a.WebClient();
        for (var i = 0; i < 3; i++)
        {
            await LearnAsync(http, "spam", $"Subject: casino bonus {i}\r\nMessage-ID: <casino{i}@sender.example>\r\n\r\njackpot lottery winner claim your prize casino {i}\r\n");
            await LearnAsync(http, "ham", $"Subject: meeting notes {i}\r\nMessage-ID: <meeting{i}@sender.example>\r\n\r\nthe meeting agenda for tomorrow project review item {i}\r\n");
        }

        var stats = await b.RunCliAsync(["bayes", "stats"]);
        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.Matches($@"(?m)^{ServerProcess.Alice}\s+3\s+3\s", stats.StandardOutput);
        Assert.Matches(@"(?m)^\(global\)\s+0\s+0\s", stats.StandardOutput);
        Assert.False(File.Exists(Path.Combine(b.DataDirectory, "bayes.db")));

        // The same mail to Alice and Bob through node B: her marks (taken by node A) judge her copy.
        var token = TestMail.NewToken("casino");
        var message = TestMail.Create(token, ServerProcess.Alice, $"jackpot lottery winner claim your prize casino {token}\r\n");
        message.To.Add(MimeKit.MailboxAddress.Parse(ServerProcess.Bob));
        message.Subject = "casino bonus";
        using (var smtp = new MailKit.Net.Smtp.SmtpClient { Timeout = 30_000, LocalDomain = "client.remote.test" })
        {
            await smtp.ConnectAsync("127.0.0.2", b.Port, MailKit.Security.SecureSocketOptions.None);
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(quit: true);
        }
        var alice = await b.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        var bob = await b.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token);
        Assert.True(alice.Text.Contains("BAYES_OWN", StringComparison.Ordinal), alice.Text);
        Assert.Contains("BAYES_99", alice.Text);
        Assert.DoesNotContain("BAYES_", bob.Text);
    }

    private static async Task LearnAsync(HttpClient http, string kind, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/me/learn/{kind}")
        {
            Content = new StringContent($"From: someone@sender.example\r\n{message}"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ServerProcess.Alice}:secret-password")));
        using var learned = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, learned.StatusCode);
    }

    [Fact]
    public async Task Serve_and_the_cli_say_why_when_the_postgresql_directory_cannot_be_used()
    {
        var unreachable = $"Host=127.0.0.1;Port={FreePorts.Next()};Username=postgres;Password=s3cret;Database=directory;Timeout=1";
        var root = Directory.CreateTempSubdirectory("mizugiwa-it-").FullName;
        try
        {
            var environment = MizugiwaExecutable.Environment(Path.Combine(root, "data"), new Dictionary<string, string>
            {
                ["Mx__Port"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Web__Port"] = "0",
                ["Directory__Backend"] = "Postgres",
                ["Directory__ConnectionString"] = unreachable,
            });
            foreach (var args in new[] { new[] { "domain", "list" }, ["serve"] })
            {
                var result = await MizugiwaExecutable.RunAsync(args, environment, workingDirectory: root);
                Assert.NotEqual(0, result.ExitCode);
                Assert.Contains("mizugiwa: cannot open the PostgreSQL directory (host 127.0.0.1", result.StandardError);
                Assert.DoesNotContain("s3cret", result.AllOutput);
            }
            var bayes = await MizugiwaExecutable.RunAsync(["bayes", "stats"], environment, workingDirectory: root);
            Assert.NotEqual(0, bayes.ExitCode);
            Assert.Contains("mizugiwa: cannot open the Bayes store in PostgreSQL (host 127.0.0.1", bayes.StandardError);
            Assert.DoesNotContain("s3cret", bayes.AllOutput);

            environment.Remove(MizugiwaExecutable.EnvironmentPrefix + "Directory__ConnectionString");
            var missing = await MizugiwaExecutable.RunAsync(["domain", "list"], environment, workingDirectory: root);
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("Directory:ConnectionString must give the PostgreSQL connection string", missing.StandardError);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
