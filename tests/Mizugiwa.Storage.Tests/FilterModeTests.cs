using Mizugiwa.Core;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class FilterModeTests : IDisposable
{
    private readonly TempDirectory _temp;
    private SqlDirectory Dir => _temp.Directory;
    private static CancellationToken Ct => CancellationToken.None;

    protected FilterModeTests(PostgresServer? postgres)
    {
        _temp = new(postgres);
        Dir.AddDomainAsync("example.test", Ct).GetAwaiter().GetResult();
        Dir.AddAccountAsync("alice@example.test", "h", Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Label_is_the_default_and_a_chosen_mode_is_kept_per_account()
    {
        Assert.Equal(FilterMode.Label, await Dir.GetFilterModeAsync("alice@example.test", Ct));
        await Dir.SetFilterModeAsync("ALICE@example.test", FilterMode.Quarantine, Ct);
        Assert.Equal(FilterMode.Quarantine, await Dir.GetFilterModeAsync("alice@example.test", Ct));
        Assert.Equal(FilterMode.Label, await Dir.GetFilterModeAsync("postmaster", Ct));
    }

    [Fact]
    public async Task One_question_answers_the_modes_of_every_mailbox_in_order()
    {
        await Dir.AddAccountAsync("bob@example.test", "h", Ct);
        await Dir.SetFilterModeAsync("alice@example.test", FilterMode.Reject, Ct);
        await Dir.SetFilterModeAsync("bob@example.test", FilterMode.Off, Ct);
        Assert.Equal([FilterMode.Off, FilterMode.Label, FilterMode.Reject, FilterMode.Label, FilterMode.Reject],
            await Dir.GetFilterModesAsync(["bob@example.test", "postmaster", "alice@example.test", "nobody@example.test", "ALICE@example.test"], Ct));
        Assert.Empty(await Dir.GetFilterModesAsync([], Ct));
    }

    [Fact]
    public async Task Setting_the_mode_of_a_missing_account_is_an_error()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.SetFilterModeAsync("bob@example.test", FilterMode.Reject, Ct));
        Assert.Equal("account bob@example.test does not exist", e.Message);
    }

    [Theory]
    [InlineData("off", FilterMode.Off)]
    [InlineData("Quarantine", FilterMode.Quarantine)]
    [InlineData(" reject ", FilterMode.Reject)]
    public void Mode_names_parse(string text, FilterMode expected)
    {
        Assert.True(FilterModes.TryParse(text, out var mode));
        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("drop")]
    public void Other_names_do_not_parse(string text) => Assert.False(FilterModes.TryParse(text, out _));
}

public sealed class SqliteFilterModeTests() : FilterModeTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFilterModeTests(PostgresFixture postgres) : FilterModeTests(postgres.Server);
