using Mizugiwa.Core;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class PersonalListTests : IDisposable
{
    private readonly TempDirectory _temp;
    private SqlDirectory Dir => _temp.Directory;
    private static CancellationToken Ct => CancellationToken.None;

    protected PersonalListTests(PostgresServer? postgres)
    {
        _temp = new(postgres);
        Dir.AddDomainAsync("example.test", Ct).GetAwaiter().GetResult();
        Dir.AddAccountAsync("alice@example.test", "h", Ct).GetAwaiter().GetResult();
        Dir.AddAccountAsync("bob@example.test", "h", Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Addresses_and_domains_match_and_deny_wins()
    {
        await Dir.SetPersonalListEntryAsync("alice@example.test", PersonalListKind.Deny, "Pest@Nuisance.example", Ct);
        await Dir.SetPersonalListEntryAsync("alice@example.test", PersonalListKind.Allow, "@friends.example", Ct);
        await Dir.SetPersonalListEntryAsync("alice@example.test", PersonalListKind.Allow, "nuisance.example", Ct);
        Assert.Equal(PersonalListKind.Deny, await Dir.FindSenderAsync("alice@example.test", "pest@nuisance.example", Ct));
        Assert.Equal(PersonalListKind.Allow, await Dir.FindSenderAsync("alice@example.test", "other@nuisance.example", Ct));
        Assert.Equal(PersonalListKind.Allow, await Dir.FindSenderAsync("ALICE@example.test", "x@mail.friends.example", Ct));
        Assert.Null(await Dir.FindSenderAsync("alice@example.test", "x@strangers.example", Ct));
        Assert.Null(await Dir.FindSenderAsync("bob@example.test", "pest@nuisance.example", Ct));
        Assert.Null(await Dir.FindSenderAsync("alice@example.test", "", Ct));
    }

    [Fact]
    public async Task One_question_answers_for_every_mailbox_in_order_and_deny_still_wins()
    {
        await Dir.SetPersonalListEntryAsync("alice@example.test", PersonalListKind.Deny, "pest@nuisance.example", Ct);
        await Dir.SetPersonalListEntryAsync("alice@example.test", PersonalListKind.Allow, "nuisance.example", Ct);
        await Dir.SetPersonalListEntryAsync("bob@example.test", PersonalListKind.Allow, "nuisance.example", Ct);
        IReadOnlyList<string> mailboxes = ["bob@example.test", "postmaster", "alice@example.test", "nobody@example.test", "BOB@example.test"];
        Assert.Equal([PersonalListKind.Allow, null, PersonalListKind.Deny, null, PersonalListKind.Allow],
            await Dir.FindSenderForEachAsync(mailboxes, "pest@nuisance.example", Ct));
        Assert.Equal([PersonalListKind.Allow, null, PersonalListKind.Allow, null, PersonalListKind.Allow],
            await Dir.FindSenderForEachAsync(mailboxes, "other@mail.nuisance.example", Ct));
        Assert.Equal([null, null, null, null, null], await Dir.FindSenderForEachAsync(mailboxes, "", Ct));
        Assert.Empty(await Dir.FindSenderForEachAsync([], "pest@nuisance.example", Ct));
    }

    [Fact]
    public async Task An_entry_moves_between_lists_is_listed_and_removed()
    {
        await Dir.SetPersonalListEntryAsync("alice@example.test", PersonalListKind.Deny, "spam.example", Ct);
        await Dir.SetPersonalListEntryAsync("alice@example.test", PersonalListKind.Allow, "@SPAM.example", Ct);
        Assert.Equal([new PersonalListEntry(PersonalListKind.Allow, "spam.example")], await Dir.ListPersonalListAsync("alice@example.test", Ct));
        await Dir.RemovePersonalListEntryAsync("alice@example.test", "spam.example", Ct);
        Assert.Empty(await Dir.ListPersonalListAsync("alice@example.test", Ct));
        await Assert.ThrowsAsync<DirectoryException>(() => Dir.RemovePersonalListEntryAsync("alice@example.test", "spam.example", Ct));
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("a@@b")]
    [InlineData("")]
    public async Task Bad_patterns_are_refused_with_the_reason(string pattern)
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => Dir.SetPersonalListEntryAsync("alice@example.test", PersonalListKind.Deny, pattern, Ct));
        Assert.Contains("neither a mail address nor a domain", e.Message);
    }
}

public sealed class SqlitePersonalListTests() : PersonalListTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPersonalListTests(PostgresFixture postgres) : PersonalListTests(postgres.Server);
