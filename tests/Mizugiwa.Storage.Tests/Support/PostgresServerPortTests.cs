using Mizugiwa.Testing;
using Npgsql;

namespace Mizugiwa.Storage.Tests.Support;

/// <summary>The PostgreSQL fixture when the port it chose is taken before postgres binds it.</summary>
public sealed class PostgresServerPortTests
{
    [Fact]
    public async Task StartsOnAnotherPortWhenTheChosenOneIsTaken()
    {
        using var taken = new TakenPort();

        await using var server = await PostgresServer.StartAsync(taken.FirstThenFree());

        Assert.NotEqual(taken.Port, server.Port);
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task GivesUpWithPostgresLogWhenEveryPortIsTaken()
    {
        using var taken = new TakenPort();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresServer.StartAsync(taken.Always()));

        Assert.Contains($"{FreshPortAttempts.DefaultAttempts} fresh ports", error.Message);
        Assert.Contains($"127.0.0.1:{taken.Port}", error.Message);
        Assert.Contains("Address already in use", error.Message);
    }
}
