using System.Globalization;
using Mizugiwa.Core;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <summary>One behaviour for both transaction-log backends: what is written can be searched and told as a story.</summary>
public abstract class DecisionLogContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-04T10:00:00Z", CultureInfo.InvariantCulture);

    protected abstract Task<(IDecisionLog Log, Func<ValueTask> Flush, IDecisionLogReader Reader)> OpenAsync();

    private IDecisionLogReader _reader = null!;

    public async Task InitializeAsync()
    {
        var (log, flush, reader) = await OpenAsync();
        _reader = reader;
        Record[] rows =
        [
            new("s1", 0, "CONNECT", "192.0.2.1", null, null, null, "220 mx ready", null),
            new("s1", 1, "MAIL", "192.0.2.1", "alice@remote.test", null, null, "250 2.1.0 Ok", null),
            new("s1", 2, "RCPT", "192.0.2.1", "alice@remote.test", "bob@example.test", null, "250 2.1.5 Ok", null),
            new("s1", 3, "RCPT", "192.0.2.1", "alice@remote.test", "ghost@example.test", null, "550 5.1.1 User unknown", null),
            new("s1", 4, "DATA", "192.0.2.1", "alice@remote.test", "bob@example.test,carol@example.test", "content", "250 2.0.0 Ok: queued as Q1", "Q1"),
            new("s2", 5, "RCPT", "198.51.100.9", "spam@bad.test", "bob@example.test", "greylist", "451 4.7.1 Greylisted", null),
            new("Q1", 6, "DELIVERY", "", null, "bob@example.test", "local", "2.0.0", "Q1"),
            new("s3", 60, "RCPT", "203.0.113.5", "x@y.test", "Bob@Example.test", "harvest", "450 4.7.1 try later", null),
            // The Postfix policy server's answers, before the rest.
            new("p0", -4, "POLICY", "192.0.2.50", "a@remote.test", "dora@example.test", null, "DUNNO", null),
            new("p1", -3, "POLICY", "192.0.2.50", "a@remote.test", "dora@example.test", "rgrey", "PREPEND X-Envelope-Information: match S25R", null),
            new("p2", -2, "POLICY", "192.0.2.50", "a@remote.test", "dora@example.test", "rgrey", "451 4.7.1 Greylisted", null),
            new("p3", -1, "POLICY", "192.0.2.50", "a@remote.test", "dora@example.test", "access", "554 5.7.1 Access denied", null),
        ];
        foreach (var r in rows)
            log.Record(new DecisionRecord(T0.AddMinutes(r.Minute), r.Session, r.Stage, r.Client, null, null, r.Sender, r.Recipient, r.Check, r.Stage switch { "DELIVERY" => "delivered", "DATA" => "score=9.0 action=spam", _ => null }, r.Reply, r.Queue));
        await flush();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private sealed record Record(string Session, int Minute, string Stage, string Client, string? Sender, string? Recipient, string? Check, string Reply, string? Queue);

    private Task<IReadOnlyList<DecisionRecord>> Search(DecisionLogQuery query) => _reader.SearchAsync(query, CancellationToken.None);

    [Fact]
    public async Task Search_without_filters_returns_newest_first_up_to_the_limit()
    {
        var rows = await Search(new DecisionLogQuery { Limit = 3 });
        Assert.Equal(["s3", "Q1", "s2"], rows.Select(r => r.SessionId));
    }

    [Fact]
    public async Task Recipient_matches_inside_lists_and_ignores_case()
    {
        var rows = await Search(new DecisionLogQuery { Recipient = "bob@example.test" });
        Assert.Equal(["s3", "Q1", "s2", "s1", "s1"], rows.Select(r => r.SessionId));
        Assert.Single(await Search(new DecisionLogQuery { Recipient = "carol@example.test" }));
        Assert.Empty(await Search(new DecisionLogQuery { Recipient = "ob@example.test" }));
    }

    [Fact]
    public async Task Outcome_classes_follow_the_reply()
    {
        Assert.Equal(["s3", "s2", "p2"], (await Search(new DecisionLogQuery { Outcome = "deferred" })).Select(r => r.SessionId));
        Assert.Equal(["550 5.1.1 User unknown", "554 5.7.1 Access denied"], (await Search(new DecisionLogQuery { Outcome = "rejected" })).Select(r => r.Reply));
        Assert.Equal(7, (await Search(new DecisionLogQuery { Outcome = "accepted" })).Count);
    }

    [Fact]
    public async Task The_policy_servers_DUNNO_and_PREPEND_count_as_accepted_and_its_refusals_by_their_code()
    {
        Assert.Equal(["p1", "p0"], (await Search(new DecisionLogQuery { Stage = "POLICY", Outcome = "accepted" })).Select(r => r.SessionId));
        Assert.Equal("p2", Assert.Single(await Search(new DecisionLogQuery { Stage = "POLICY", Outcome = "deferred" })).SessionId);
        Assert.Equal("p3", Assert.Single(await Search(new DecisionLogQuery { Stage = "POLICY", Outcome = "rejected" })).SessionId);
        string[] replies = ["DUNNO", "PREPEND X-Envelope-Information: match S25R", "451 4.7.1 Greylisted", "554 5.7.1 Access denied", "continue", ""];
        Assert.Equal(["accepted", "accepted", "deferred", "rejected", "other", "other"], replies.Select(DecisionLogQuery.OutcomeOf));
    }

    [Fact]
    public async Task Client_sender_check_stage_and_queue_filters_combine()
    {
        Assert.Equal(5, (await Search(new DecisionLogQuery { ClientAddress = "192.0.2.1" })).Count);
        Assert.Equal(2, (await Search(new DecisionLogQuery { ClientAddress = "192.0.2.1", Stage = "rcpt" })).Count);
        Assert.Equal("s2", Assert.Single(await Search(new DecisionLogQuery { Check = "GREYLIST" })).SessionId);
        Assert.Equal(4, (await Search(new DecisionLogQuery { Sender = "ALICE@remote.test" })).Count);
        Assert.Equal(["DELIVERY", "DATA"], (await Search(new DecisionLogQuery { QueueId = "Q1" })).Select(r => r.Stage));
    }

    [Fact]
    public async Task Time_range_is_inclusive()
    {
        var rows = await Search(new DecisionLogQuery { Since = T0.AddMinutes(2), Until = T0.AddMinutes(5) });
        Assert.Equal([5, 4, 3, 2], rows.Select(r => (int)(r.Time - T0).TotalMinutes));
    }

    [Fact]
    public async Task Counts_are_grouped_by_hour_stage_reply_class_check_and_spam_verdict()
    {
        var counts = await _reader.CountByHourAsync(T0.AddMinutes(1), CancellationToken.None);
        Assert.Equal(7, counts.Sum(c => c.Count));
        Assert.Equal(1, Assert.Single(counts, c => c.Stage == "DATA").Count);
        Assert.True(Assert.Single(counts, c => c.Stage == "DATA").Spam);
        Assert.Equal(T0, Assert.Single(counts, c => c.Check == "greylist").Hour);
        var harvest = Assert.Single(counts, c => c.Check == "harvest");
        Assert.Equal((T0.AddHours(1), '4', false), (harvest.Hour, harvest.ReplyClass, harvest.Spam));
        Assert.Equal(3, counts.Where(c => c.Stage == "RCPT" && c.Hour == T0).Sum(c => c.Count));
    }

    [Fact]
    public async Task The_story_of_a_message_is_its_session_and_its_deliveries_in_time_order()
    {
        var story = await _reader.StoryAsync("Q1", CancellationToken.None);
        Assert.Equal(["CONNECT", "MAIL", "RCPT", "RCPT", "DATA", "DELIVERY"], story.Select(r => r.Stage));
        Assert.Equal("delivered", story[^1].Rule);
        Assert.Empty(await _reader.StoryAsync("nope", CancellationToken.None));
    }
}

public sealed class SqliteDecisionLogContractTests : DecisionLogContractTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mizugiwa-log-").FullName;

    protected override Task<(IDecisionLog, Func<ValueTask>, IDecisionLogReader)> OpenAsync()
    {
        var path = Path.Combine(_dir, "log.db");
        var log = new SqliteDecisionLog(path);
        return Task.FromResult<(IDecisionLog, Func<ValueTask>, IDecisionLogReader)>((log, log.DisposeAsync, new SqliteDecisionLogReader(path)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDecisionLogContractTests(PostgresFixture postgres) : DecisionLogContractTests
{
    protected override async Task<(IDecisionLog, Func<ValueTask>, IDecisionLogReader)> OpenAsync()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync("log_" + Guid.NewGuid().ToString("N"));
        var log = new PostgresDecisionLog(connectionString, "node-a");
        return (log, log.DisposeAsync, new PostgresDecisionLogReader(connectionString));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class SharedPostgresLogTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Two_nodes_write_one_log_and_each_row_names_its_node()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync("shared_" + Guid.NewGuid().ToString("N"));
        var time = DateTimeOffset.Parse("2026-12-04T10:00:00Z", CultureInfo.InvariantCulture);
        await using (var a = new PostgresDecisionLog(connectionString, "mx1"))
        await using (var b = new PostgresDecisionLog(connectionString, "mx2"))
        {
            a.Record(new DecisionRecord(time, "a1", "RCPT", "192.0.2.1", null, null, "x@y.test", "bob@example.test", "harvest", null, "450 4.7.1 later", null));
            b.Record(new DecisionRecord(time.AddSeconds(1), "b1", "RCPT", "192.0.2.1", null, null, "x@y.test", "carol@example.test", "harvest", null, "450 4.7.1 later", null));
        }
        var rows = await new PostgresDecisionLogReader(connectionString).SearchAsync(new DecisionLogQuery { ClientAddress = "192.0.2.1" }, CancellationToken.None);
        Assert.Equal([("b1", "mx2"), ("a1", "mx1")], rows.Select(r => (r.SessionId, r.Node)));
    }

    [Fact]
    public async Task An_unreachable_server_drops_records_and_never_blocks()
    {
        var unreachable = $"Host=127.0.0.1;Port={FreePorts.Next()};Username=postgres;Database=none;Timeout=1";
        await using var log = new PostgresDecisionLog(unreachable, "mx1");
        for (var i = 0; i < 10; i++) log.Record(new DecisionRecord(DateTimeOffset.UnixEpoch, "s", "RCPT", "192.0.2.1", null, null, null, null, null, null, "250 ok", null));
        await log.DisposeAsync();
        Assert.Equal(10, log.Dropped);
    }

    [Fact]
    public async Task Reading_from_an_unreachable_server_names_it_without_the_password()
    {
        var port = FreePorts.Next();
        await using var reader = new PostgresDecisionLogReader($"Host=127.0.0.1;Port={port};Username=postgres;Password=s3cret;Database=logs;Timeout=1");

        var search = await Assert.ThrowsAsync<StoreUnavailableException>(() => reader.SearchAsync(new DecisionLogQuery(), CancellationToken.None));
        var counts = await Assert.ThrowsAsync<StoreUnavailableException>(() => reader.CountByHourAsync(DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.StartsWith($"cannot read the transaction log in PostgreSQL (host 127.0.0.1, port {port}, database logs): ", search.Message);
        Assert.Equal(search.Message, counts.Message);
        Assert.DoesNotContain("s3cret", search.Message);
    }
}
