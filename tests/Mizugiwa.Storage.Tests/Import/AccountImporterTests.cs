using System.Diagnostics;
using System.Text;
using Mizugiwa.Core;
using Mizugiwa.Storage.Import;
using Mizugiwa.Storage.Passwords;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests.Import;

/// <summary>Import into a real directory: all or nothing, one transaction, and every imported account can log in.</summary>
/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class AccountImporterTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string BcryptUU = "{BLF-CRYPT}$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
    private const string Sha512HelloWorld = "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1";
    private const string Argon2Cffi = "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=4$MIIRqgvgQbgj220jfp0MPA$YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg";
    private readonly TempDirectory _temp;
    private SqlDirectory Dir => _temp.Directory;
    private AccountImporter Importer => new(Dir);

    protected AccountImporterTests(PostgresServer? postgres)
    {
        _temp = new(postgres);
        Dir.AddDomainAsync("example.test", Ct).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    private Task<AccountImportPlan> PlanAsync(string csv) => Importer.PlanAsync(Encoding.UTF8.GetBytes(csv), Ct);

    [Fact]
    public async Task Planning_changes_nothing()
    {
        var plan = await PlanAsync("address,password\nalice@example.test,pw\n");

        Assert.True(plan.IsValid);
        Assert.Empty(await Dir.ListAccountsAsync(null, Ct));
    }

    [Fact]
    public async Task A_plan_with_one_bad_line_cannot_be_applied_and_nothing_is_added()
    {
        var plan = await PlanAsync("address,password\nalice@example.test,pw\nbob@nowhere.test,pw\ncarol@example.test,pw\n");

        Assert.False(plan.IsValid);
        Assert.Equal("line 3: ERROR domain nowhere.test is not a local domain", Assert.Single(plan.Errors).ToString());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Importer.ApplyAsync(plan, null, Ct));
        Assert.Empty(await Dir.ListAccountsAsync(null, Ct));
    }

    [Fact]
    public async Task An_account_added_after_planning_rolls_the_whole_import_back()
    {
        var plan = await PlanAsync($"address,password_hash\nalice@example.test,{BcryptUU}\nbob@example.test,{BcryptUU}\n");
        await Dir.AddAccountAsync("bob@example.test", PasswordCredentials.Create("mine"), Ct);

        var e = await Assert.ThrowsAsync<DirectoryException>(() => Importer.ApplyAsync(plan, null, Ct));

        Assert.Contains("account bob@example.test already exists", e.Message);
        Assert.Equal(["bob@example.test"], await Dir.ListAccountsAsync(null, Ct));
    }

    private Task<AccountImportOutcome> RunAsync(string csv, bool dryRun, Action<int, int>? progress = null) =>
        Importer.RunAsync(Encoding.UTF8.GetBytes(csv), dryRun, progress, Ct);

    [Fact]
    public async Task A_run_with_a_bad_line_or_as_a_dry_run_changes_nothing_and_says_which()
    {
        var bad = await RunAsync("address,password\nalice@example.test,pw\nbob@nowhere.test,pw\n", dryRun: false);
        Assert.Equal((AccountImportStatus.Invalid, 0, null), (bad.Status, bad.Added, bad.Failure));
        Assert.Equal("line 3: ERROR domain nowhere.test is not a local domain", Assert.Single(bad.Plan.Errors).ToString());

        var notCsv = await RunAsync("address,password\n\"alice@example.test,pw\n", dryRun: true);
        Assert.Equal(AccountImportStatus.Invalid, notCsv.Status); // a bad file is bad even in a dry run
        Assert.Equal("line 2: ERROR a quoted field is not closed", Assert.Single(notCsv.Plan.Lines).ToString());

        var dry = await RunAsync($"address,password_hash\nalice@example.test,{BcryptUU}\n", dryRun: true);
        Assert.Equal((AccountImportStatus.Checked, 0), (dry.Status, dry.Added));
        Assert.Equal("1 account(s) to add, no errors", dry.Plan.Summary);
        Assert.Empty(await Dir.ListAccountsAsync(null, Ct));
    }

    [Fact]
    public async Task A_run_adds_a_good_file_and_counts_it()
    {
        var reports = new List<(int, int)>();
        var outcome = await RunAsync($"address,password_hash\nalice@example.test,{BcryptUU}\nbob@example.test,{BcryptUU}\n", dryRun: false, (done, total) => reports.Add((done, total)));
        Assert.Equal((AccountImportStatus.Applied, 2, null), (outcome.Status, outcome.Added, outcome.Failure));
        Assert.Equal(2, outcome.Plan.Lines.Count);
        Assert.Equal([(1, 2), (2, 2)], reports);
        Assert.Equal(["alice@example.test", "bob@example.test"], await Dir.ListAccountsAsync(null, Ct));
    }

    [Fact]
    public async Task A_run_the_directory_refuses_while_adding_reports_why_and_adds_nothing()
    {
        var taken = false;
        var outcome = await RunAsync($"address,password_hash\nalice@example.test,{BcryptUU}\nbob@example.test,{BcryptUU}\n", dryRun: false, (_, _) =>
        {
            if (taken) return;
            taken = true; // someone else takes bob after the check, before the accounts are added
            Dir.AddAccountAsync("bob@example.test", PasswordCredentials.Create("mine"), Ct).GetAwaiter().GetResult();
        });
        Assert.Equal((AccountImportStatus.Refused, 0), (outcome.Status, outcome.Added));
        Assert.Contains("account bob@example.test already exists", outcome.Failure);
        Assert.Equal(["bob@example.test"], await Dir.ListAccountsAsync(null, Ct));
    }

    [Fact]
    public async Task Name_forward_filter_mode_and_scheme_are_stored_and_listed()
    {
        var plan = await PlanAsync($"address,password_hash,display_name,forward,filter_mode\nAlice@example.test,{Sha512HelloWorld},\"Liddell, Alice\",a@elsewhere.test b@elsewhere.test,quarantine\n");
        Assert.Equal(1, await Importer.ApplyAsync(plan, null, Ct));

        var alice = Assert.Single(await Dir.ListAccountDetailsAsync("example.test", Ct));
        Assert.Equal("Alice@example.test", alice.Address);
        Assert.Equal("Liddell, Alice", alice.DisplayName);
        Assert.Equal(["a@elsewhere.test", "b@elsewhere.test"], alice.Forward);
        Assert.Equal(FilterMode.Quarantine, alice.FilterMode);
        Assert.Equal(PasswordHashScheme.Sha512Crypt, alice.Scheme);
        Assert.False(alice.HasScram);
        Assert.Equal(FilterMode.Quarantine, await Dir.GetFilterModeAsync("alice@example.test", Ct));
    }

    [Fact]
    public async Task A_thousand_lines_import_in_one_go_and_every_hash_form_authenticates()
    {
        var csv = new StringBuilder("address,password,password_hash\n");
        for (int i = 0; i < 1000; i++)
        {
            csv.Append(i switch
            {
                < 8 => $"plain{i}@example.test,pw-{i},\n",
                _ when i % 3 == 0 => $"bcrypt{i}@example.test,,{BcryptUU}\n",
                _ when i % 3 == 1 => $"sha{i}@example.test,,{Sha512HelloWorld}\n",
                _ => $"argon{i}@example.test,,\"{Argon2Cffi}\"\n", // the PHC string has commas: quoted
            });
        }
        var plan = await PlanAsync(csv.ToString());
        Assert.True(plan.IsValid, string.Join("\n", plan.Errors));
        var reports = new List<(int Done, int Total)>();

        var clock = Stopwatch.StartNew();
        Assert.Equal(1000, await Importer.ApplyAsync(plan, (done, total) => reports.Add((done, total)), Ct));
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(Enumerable.Range(1, 1000), reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(1000, r.Total));
        Assert.Equal(1000, (await Dir.ListAccountsAsync(null, Ct)).Count);
        var verifier = new DirectoryCredentialVerifier(Dir);
        foreach (var (user, password) in new[] { ("plain3@example.test", "pw-3"), ("bcrypt9@example.test", "U*U"), ("sha10@example.test", "Hello world!"), ("argon11@example.test", "correct horse battery staple") })
        {
            Assert.Null(await verifier.VerifyPasswordAsync(user, password + "x", Ct));
            Assert.Equal(user, await verifier.VerifyPasswordAsync(user, password, Ct));
        }
        Assert.NotNull(await verifier.GetScramCredentialsAsync("plain5@example.test", Ct));
        Assert.Null(await verifier.GetScramCredentialsAsync("bcrypt999@example.test", Ct));
    }
}

public sealed class SqliteAccountImporterTests() : AccountImporterTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountImporterTests(PostgresFixture postgres) : AccountImporterTests(postgres.Server);
