using System.Globalization;
using Mizugiwa.Storage.Settings;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests.Settings;

/// <summary>One behaviour for both settings backends: saved, replaced, listed, removed; keys ignore case.</summary>
public abstract class SettingsStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-04T10:00:00Z", CultureInfo.InvariantCulture);

    protected abstract Task<ISettingsStore> OpenAsync();

    private ISettingsStore _store = null!;

    public async Task InitializeAsync() => _store = await OpenAsync();

    public virtual async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }

    [Fact]
    public async Task A_saved_setting_is_listed_with_who_saved_it_and_when()
    {
        Assert.Empty(await _store.ListAsync());
        await _store.SetAsync(new SettingEntry("Checks:Rgrey:DelaySeconds", "60", "admin@example.test", T0));
        await _store.SetAsync(new SettingEntry("Content:SpamScore", "4.5", "token:ops", T0.AddMinutes(1)));
        Assert.Equal(
            [new SettingEntry("Checks:Rgrey:DelaySeconds", "60", "admin@example.test", T0), new SettingEntry("Content:SpamScore", "4.5", "token:ops", T0.AddMinutes(1))],
            await _store.ListAsync());
    }

    [Fact]
    public async Task Saving_again_replaces_the_value_whatever_the_case_of_the_key()
    {
        await _store.SetAsync(new SettingEntry("Checks:Rgrey:DelaySeconds", "60", "a", T0));
        await _store.SetAsync(new SettingEntry("checks:rgrey:delayseconds", "120", "b", T0.AddHours(1)));
        var only = Assert.Single(await _store.ListAsync());
        Assert.Equal(new SettingEntry("checks:rgrey:delayseconds", "120", "b", T0.AddHours(1)), only);
    }

    [Fact]
    public async Task Removing_forgets_the_setting_and_says_whether_there_was_one()
    {
        await _store.SetAsync(new SettingEntry("Content:SpamScore", "4.5", "a", T0));
        Assert.True(await _store.RemoveAsync("CONTENT:SPAMSCORE"));
        Assert.False(await _store.RemoveAsync("Content:SpamScore"));
        Assert.Empty(await _store.ListAsync());
    }
}

public sealed class SqliteSettingsStoreContractTests : SettingsStoreContractTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mizugiwa-settings-").FullName;

    protected override Task<ISettingsStore> OpenAsync() => Task.FromResult<ISettingsStore>(new SqliteSettingsStore(Path.Combine(_dir, "mizugiwa.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSettingsStoreContractTests(PostgresFixture postgres) : SettingsStoreContractTests
{
    protected override async Task<ISettingsStore> OpenAsync() =>
        new PostgresSettingsStore(await postgres.Server.CreateDatabaseAsync("settings_" + Guid.NewGuid().ToString("N")));
}

[Collection(PostgresCollection.Name)]
public sealed class SharedPostgresSettingsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task What_one_node_saves_the_other_reads()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync("settings_shared_" + Guid.NewGuid().ToString("N"));
        await using var a = new PostgresSettingsStore(connectionString);
        await using var b = new PostgresSettingsStore(connectionString);
        await a.SetAsync(new SettingEntry("Content:SpamScore", "3", "admin", DateTimeOffset.UnixEpoch));
        Assert.Equal("3", Assert.Single(await b.ListAsync()).Value);
    }
}
