using Microsoft.Data.Sqlite;
using Mizugiwa.Core;

namespace Mizugiwa.Storage.Tests;

public sealed class DecisionLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mizugiwa-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task Records_are_stored_with_every_field()
    {
        var path = Path.Combine(_dir, "log.db");
        var time = DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await using (var log = new SqliteDecisionLog(path))
        {
            for (int i = 0; i < 2500; i++)
                log.Record(new DecisionRecord(time, $"s{i}", "RCPT", "192.0.2.1", "host.example", "helo.example", "a@b.test", "c@d.test", "s25r", "rule1", "451 4.7.1 Greylisted", null));
            log.Record(new DecisionRecord(time, "last", "DATA", "192.0.2.1", null, null, "", null, null, null, "250 2.0.0 Ok", "Q1"));
        }
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*), SUM(check_name = 's25r') FROM transaction_log";
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(2501, reader.GetInt64(0));
        Assert.Equal(2500, reader.GetInt64(1));
        await using var last = connection.CreateCommand();
        last.CommandText = "SELECT stage, queue_id, client_name, time FROM transaction_log WHERE session_id = 'last'";
        await using var row = await last.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal("DATA", row.GetString(0));
        Assert.Equal("Q1", row.GetString(1));
        Assert.True(row.IsDBNull(2));
        Assert.StartsWith("2026-11-23T10:00:00", row.GetString(3));
    }
}
