using Mizugiwa.Core;
using Mizugiwa.Storage.Import;
using Mizugiwa.Storage.Passwords;

namespace Mizugiwa.Storage.Tests.Import;

/// <summary>Every problem an import line can have, reported with its line number; good lines described.</summary>
public sealed class AccountImportValidatorTests
{
    private const string Bcrypt = "$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    private static readonly ImportTargets Targets = new(
        new HashSet<string> { "example.test", "other.test" },
        new HashSet<string> { "taken@example.test" },
        new HashSet<string> { "sales@example.test" });

    private static AccountImportPlan Validate(string csv) => AccountImportValidator.Validate(CsvParser.Parse(csv), Targets);

    private static string ErrorOn(AccountImportPlan plan, int line) =>
        Assert.Single(plan.Lines, l => l.Line == line) is { IsError: true } l ? l.Text : throw new Xunit.Sdk.XunitException($"line {line} is not an error");

    [Fact]
    public void Good_lines_are_described_with_their_line_numbers()
    {
        var plan = Validate($"""
            Address,PASSWORD,password_hash,display_name,forward,filter_mode
            alice@example.test,s3cret,,Alice,,
            "bob@example.test",,{"{BLF-CRYPT}" + Bcrypt},"Smith, Bob","bob@elsewhere.test, b2@elsewhere.test",Reject
            """);

        Assert.True(plan.IsValid);
        Assert.Equal("line 2: add alice@example.test (password) name \"Alice\"", plan.Lines[0].ToString());
        Assert.Equal("line 3: add bob@example.test (hash {BLF-CRYPT}) name \"Smith, Bob\" forward bob@elsewhere.test, b2@elsewhere.test filter reject", plan.Lines[1].ToString());
        var bob = plan.Accounts[1];
        Assert.Equal("{BLF-CRYPT}" + Bcrypt, bob.PasswordHash);
        Assert.Equal(PasswordHashScheme.BlfCrypt, bob.Scheme);
        Assert.Equal(FilterMode.Reject, bob.FilterMode);
        Assert.Equal(["bob@elsewhere.test", "b2@elsewhere.test"], bob.Forward);
        Assert.Equal("s3cret", plan.Accounts[0].Password);
    }

    [Fact]
    public void A_plain_password_keeps_its_spaces()
    {
        var plan = Validate("address,password\nalice@example.test,\" pass word \"\n");

        Assert.Equal(" pass word ", Assert.Single(plan.Accounts).Password);
    }

    [Fact]
    public void Each_bad_line_names_its_problem()
    {
        var plan = Validate($"""
            address,password,password_hash,forward,filter_mode
            not-an-address,pw,,,
            carol@nowhere.test,pw,,,
            taken@example.test,pw,,,
            sales@example.test,pw,,,
            dave@example.test,pw,{Bcrypt},,
            erin@example.test,,,,
            frank@example.test,,{"{SSHA}"}abc,,
            grace@example.test,pw,,,spam
            heidi@example.test,pw,,"ok@x.test, bad@@x",
            ivan@example.test,pw,,,
            IVAN@example.test,pw,,,
            judy@example.test,pw,,
            ,pw,,,
            mallory@example.test,pw,,mallory@example.test,
            """);

        Assert.False(plan.IsValid);
        Assert.Contains("'not-an-address' is not a valid address", ErrorOn(plan, 2));
        Assert.Contains("domain nowhere.test is not a local domain", ErrorOn(plan, 3));
        Assert.Contains("account taken@example.test already exists", ErrorOn(plan, 4));
        Assert.Contains("sales@example.test is already an alias", ErrorOn(plan, 5));
        Assert.Contains("both password and password_hash", ErrorOn(plan, 6));
        Assert.Contains("neither password nor password_hash", ErrorOn(plan, 7));
        Assert.Contains("password_hash is not a known form", ErrorOn(plan, 8));
        Assert.Contains("filter_mode 'spam' is not off, label, quarantine or reject", ErrorOn(plan, 9));
        Assert.Contains("forward address 'bad@@x' is not a valid address", ErrorOn(plan, 10));
        Assert.False(plan.Lines.Single(l => l.Line == 11).IsError);
        Assert.Contains("IVAN@example.test is already on line 11", ErrorOn(plan, 12));
        Assert.Contains("has 4 field(s), the header has 5", ErrorOn(plan, 13));
        Assert.Contains("address is empty", ErrorOn(plan, 14));
        Assert.Contains("cannot forward to itself", ErrorOn(plan, 15));
        Assert.Equal(13, plan.ErrorCount);
        Assert.StartsWith("1 good line(s), 13 bad line(s)", plan.Summary);
    }

    [Fact]
    public void A_password_of_only_spaces_is_refused_like_everywhere_else()
    {
        var plan = Validate("address,password\nspaces@example.test,\"   \"\n");

        Assert.Contains("password is only spaces", ErrorOn(plan, 2));
        Assert.Throws<DirectoryException>(() => PasswordCredentials.Create(" \t "));
    }

    [Fact]
    public void Several_problems_of_one_line_are_reported_together()
    {
        var plan = Validate("address,password,filter_mode,display_name\nbad,,loud,\"two\nlines\"\n");

        var text = ErrorOn(plan, 2);
        Assert.Contains("'bad' is not a valid address", text);
        Assert.Contains("neither password nor password_hash", text);
        Assert.Contains("filter_mode 'loud'", text);
        Assert.Contains("display_name contains a control character", text);
    }

    [Theory]
    [InlineData("address,password,shoe_size\n", "unknown column 'shoe_size'")]
    [InlineData("email,password\n", "no 'address' column")]
    [InlineData("address,display_name\n", "neither a 'password' nor a 'password_hash' column")]
    [InlineData("address,password,Address\n", "column 'address' appears twice")]
    public void A_bad_header_is_an_error_on_line_1(string csv, string problem)
    {
        var plan = Validate(csv + "alice@example.test,pw,x\n");

        Assert.Contains(problem, ErrorOn(plan, 1));
        Assert.Empty(plan.Accounts);
    }

    [Fact]
    public void An_empty_file_is_an_error_on_line_1()
    {
        var plan = Validate("\uFEFF");

        Assert.Contains("the file is empty", ErrorOn(plan, 1));
    }
}
