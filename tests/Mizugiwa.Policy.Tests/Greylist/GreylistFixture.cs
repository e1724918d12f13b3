using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Greylist;

namespace Mizugiwa.Policy.Tests.Greylist;

/// <summary>A greylister over a temporary SQLite file and a fake clock.</summary>
public sealed class GreylistFixture : IDisposable
{
    public GreylistFixture(GreylistOptions? options = null)
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), $"mizugiwa-greylist-{Guid.NewGuid():N}.db");
        Store = new SqliteGreylistStore(DatabasePath);
        Options = options ?? new GreylistOptions();
        Greylister = new Greylister(Store, Options, Time);
    }

    public string DatabasePath { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 4, 1, 9, 0, 0, TimeSpan.Zero));
    public SqliteGreylistStore Store { get; }
    public GreylistOptions Options { get; }
    public Greylister Greylister { get; }

    public Task<GreylistDecision> CheckAsync(string ip, string sender = "alice@sender.example", string recipient = "bob@ours.example", string? name = null) =>
        Greylister.CheckAsync(IPAddress.Parse(ip), name, sender, recipient);

    public void Advance(TimeSpan by) => Time.Advance(by);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(DatabasePath + suffix);
    }
}
