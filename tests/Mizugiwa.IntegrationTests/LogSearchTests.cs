using System.Diagnostics;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>`mizugiwa log search|story` over the transaction log that a running server writes.</summary>
public sealed class LogSearchTests
{
    [Fact]
    public async Task A_messages_story_runs_from_connect_to_delivery_and_search_filters_by_recipient_and_outcome()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Checks__Rgrey__Mode"] = "Off" });
        var token = TestMail.NewToken("story");
        string reply;
        using (var client = await TestMail.ConnectAsync(server.Port))
        {
            reply = await client.SendAsync(TestMail.Create(token, ServerProcess.Bob));
            await Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(() => client.SendAsync(TestMail.Create(TestMail.NewToken("x"), "ghost@example.test")));
            await client.DisconnectAsync(quit: true);
        }
        var queueId = reply.Split(' ').Last();
        await server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token);

        var story = await WaitForOutputAsync(server, ["log", "story", queueId], output => output.Contains(" DELIVERY ", StringComparison.Ordinal));
        var stages = story.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]).ToList();
        Assert.Equal("CONNECT", stages[0]);
        Assert.Equal("DELIVERY", stages[^1]);
        Assert.Contains("MAIL", stages);
        Assert.Contains("DATA", stages);
        Assert.Contains("status=delivered", story);

        var rejected = await server.RunCliAsync(["log", "search", "--to", "ghost@example.test", "--outcome", "rejected"]);
        Assert.Equal(0, rejected.ExitCode);
        Assert.Contains("550 5.1.1", rejected.StandardOutput);
        Assert.DoesNotContain(queueId, rejected.StandardOutput);

        var bad = await server.RunCliAsync(["log", "search", "--outcome", "maybe"]);
        Assert.Equal(64, bad.ExitCode);
        Assert.Contains("--outcome 'maybe' must be accepted, deferred or rejected", bad.StandardError);
    }

    [Fact]
    public async Task Two_servers_sharing_PostgreSQL_are_searched_as_one_log()
    {
        await using var postgres = await Mizugiwa.Testing.PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("mizugiwa");
        Dictionary<string, string> Node(string name) => new()
        {
            ["HostName"] = name, ["Checks__Rgrey__Mode"] = "Off", ["Log__Backend"] = "Postgres", ["Log__ConnectionString"] = connectionString,
        };
        await using var mx1 = await ServerProcess.StartAsync(Node("mx1.example.test"));
        await using var mx2 = await ServerProcess.StartAsync(Node("mx2.example.test"));
        foreach (var server in new[] { mx1, mx2 })
        {
            using var client = await TestMail.ConnectAsync(server.Port);
            await Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(() => client.SendAsync(TestMail.Create(TestMail.NewToken("x"), "ghost@example.test")));
            await client.DisconnectAsync(quit: true);
        }

        var both = await WaitForOutputAsync(mx1, ["log", "search", "--to", "ghost@example.test", "--outcome", "rejected"],
            output => output.Contains("node=mx1.example.test", StringComparison.Ordinal) && output.Contains("node=mx2.example.test", StringComparison.Ordinal));
        Assert.Equal(2, both.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>The log is written behind the sessions: poll (bounded) until the rows are there.</summary>
    private static async Task<string> WaitForOutputAsync(ServerProcess server, string[] args, Func<string, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var result = await server.RunCliAsync(args);
            if (result.ExitCode == 0 && done(result.StandardOutput)) return result.StandardOutput;
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"mizugiwa {string.Join(' ', args)}: {result}");
            await Task.Delay(200);
        }
    }
}
