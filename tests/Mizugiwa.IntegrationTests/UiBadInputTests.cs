using System.Net;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Bad input on the browser pages (found by fuzzing the forms): each gets the page with a notice naming the
/// problem, or a 400 text naming it, and changes nothing; never an empty 4xx or a half-valid change.
/// </summary>
public sealed class UiBadInputTests : IAsyncLifetime
{
    private const string Password = "secret-password";
    private ServerProcess _server = null!;
    private FormBrowser _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Web__Admins__0"] = ServerProcess.Alice, ["Checks__Rgrey__Mode"] = "Off" });
        _admin = new FormBrowser(_server.WebPort);
        Assert.Contains("Administration", (await _admin.PostAsync("login", "login", ("address", ServerProcess.Alice), ("password", Password))).Html);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_access_rule_takes_only_the_kind_and_action_names_not_numbers_or_lists()
    {
        foreach (var (kind, action, problem) in new[]
        {
            ("client", "-1", "&#x27;-1&#x27; is not an action (allow, deny); nothing was changed"),
            ("client", "allow,deny", "&#x27;allow,deny&#x27; is not an action (allow, deny); nothing was changed"),
            ("7", "allow", "&#x27;7&#x27; is not a kind (client, clientname, sender, recipient); nothing was changed"),
        })
        {
            var page = await _admin.PostAsync("admin/access", "admin/access", ("kind", kind), ("pattern", "198.51.100.0/24"), ("action", action), ("note", ""));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains($"id=\"notice\">{problem}</p>", page.Html);
            Assert.DoesNotContain("198.51.100.0/24", page.Html);
        }
        var removed = await _admin.PostAsync("admin/access", "admin/access/remove", ("kind", "0"), ("pattern", "198.51.100.0/24"));
        Assert.Contains("&#x27;0&#x27; is not a kind", removed.Html);
    }

    [Fact]
    public async Task A_very_long_value_is_named_in_a_shortened_notice_instead_of_an_empty_414()
    {
        var domain = await _admin.PostAsync("admin/domains", "admin/domains", ("name", new string('a', 10_000)));
        Assert.Equal(HttpStatusCode.OK, domain.Status);
        Assert.Matches("id=\"notice\">&#x27;a{149}&#x2026;a+&#x27; is not a valid domain name</p>", domain.Html);
        Assert.True(domain.Html.Length < 10_000, "the notice quotes the whole value");

        // The account page of a "address" that long would not fit in a request line either: back to the account list.
        var account = await _admin.PostAsync("admin", "admin/account/name", ("address", new string('b', 10_000)), ("display-name", "B"));
        Assert.Equal(HttpStatusCode.OK, account.Status);
        Assert.Contains("<title>Administration", account.Html);
        Assert.Contains("is not a valid address</p>", account.Html);
    }

    [Fact]
    public async Task A_form_missing_a_field_it_always_sends_changes_nothing()
    {
        var page = AccountPage(ServerProcess.Bob);
        Assert.Contains("forwarding saved", (await _admin.PostAsync(page, "admin/account/forwarding", ("address", ServerProcess.Bob), ("targets", "bob@elsewhere.test"))).Html);
        Assert.Contains("quota is now 500M", (await _admin.PostAsync(page, "admin/account/quota", ("address", ServerProcess.Bob), ("quota", "500M"))).Html);
        Assert.Contains("display name saved", (await _admin.PostAsync(page, "admin/account/name", ("address", ServerProcess.Bob), ("display-name", "Bob B"))).Html);

        foreach (var (action, field) in new[] { ("admin/account/forwarding", "targets"), ("admin/account/quota", "quota"), ("admin/account/name", "display-name") })
        {
            var refused = await _admin.PostAsync(page, action, ("address", ServerProcess.Bob));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains($"\"string {(field == "display-name" ? "name" : field)}\" was not provided from form", refused.Html);
        }
        var details = (await _admin.GetAsync(page)).Html;
        Assert.Contains("bob@elsewhere.test</textarea>", details);
        Assert.Contains("value=\"500M\"", details);
        Assert.Contains("value=\"Bob B\"", details);

        using var bob = new FormBrowser(_server.WebPort);
        await bob.PostAsync("login", "login", ("address", ServerProcess.Bob), ("password", Password));
        var self = await bob.PostAsync("", "me/forwarding", ("keep-copy", "on"));
        Assert.Equal((HttpStatusCode.BadRequest, "Required parameter \"string targets\" was not provided from form.\n"), self);
        Assert.Contains("forwarded to bob@elsewhere.test", (await bob.GetAsync("")).Html);
    }

    [Fact]
    public async Task A_form_the_server_cannot_read_is_named_as_such_not_as_a_bad_token()
    {
        var refused = await _admin.PostAsync("admin/domains", "admin/domains", ("name", "nul\0.test"));
        Assert.Equal((HttpStatusCode.BadRequest, "the form could not be read: The form value contains invalid characters.\n"), refused);
        Assert.DoesNotContain("nul", (await _admin.GetAsync("admin/domains")).Html);
    }

    [Fact]
    public async Task The_frameworks_own_refusals_on_the_pages_have_a_text()
    {
        Assert.Equal((HttpStatusCode.NotFound, "no such page\n"), await _admin.GetAsync("admin/no-such-page"));
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "this page does not take that method (forms post, links get)\n"), await _admin.GetAsync("me/password"));
        var notMultipart = await _admin.PostAsync("admin", "admin/import", ("file", "address,password"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notMultipart.Status);
        Assert.StartsWith("send the form as its page does", notMultipart.Html);
    }

    [Fact]
    public async Task The_self_service_and_inbox_refusals_are_text_naming_the_problem()
    {
        using var bob = new FormBrowser(_server.WebPort);
        await bob.PostAsync("login", "login", ("address", ServerProcess.Bob), ("password", Password));
        Assert.Equal((HttpStatusCode.BadRequest, "'strict' is not a filter mode; nothing was changed\n"), await bob.PostAsync("", "me/filter-mode", ("mode", "strict")));
        Assert.Equal((HttpStatusCode.NotFound, "no such message in your inbox\n"), await bob.PostAsync("", "inbox/spam", ("id", "no-such-id")));
        Assert.Equal((HttpStatusCode.NotFound, "no such message in your quarantine\n"), await bob.PostAsync("", "quarantine/release", ("id", "no-such-id")));
    }

    [Fact]
    public async Task The_queue_page_names_an_unknown_action_and_a_missing_id()
    {
        Assert.Contains("id=\"notice\">&#x27;purge&#x27; is not a queue action (hold, release, delete, flush)</p>", (await _admin.PostAsync("admin/queue", "admin/queue/purge", ("id", "x"))).Html);
        Assert.Contains("id=\"notice\">give the queue id of the message to delete</p>", (await _admin.PostAsync("admin/queue", "admin/queue/delete")).Html);
    }

    [Fact]
    public async Task The_log_page_names_an_outcome_it_does_not_know_instead_of_searching_everything()
    {
        var bogus = await _admin.GetAsync("admin/log?outcome=bogus");
        Assert.Equal((System.Net.HttpStatusCode.BadRequest, "outcome 'bogus' must be accepted, deferred or rejected"), bogus);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _admin.GetAsync("admin/log?outcome=rejected")).Status);
    }

    [Fact]
    public async Task A_blank_password_from_the_admin_is_refused_by_name_and_adds_no_account()
    {
        var added = await _admin.PostAsync("admin", "admin/accounts", ("address", "blank@example.test"), ("password", "   "));
        Assert.Contains("id=\"notice\">the password is empty (or only spaces); nothing was changed</p>", added.Html);
        Assert.DoesNotContain("blank@example.test", added.Html);
        var reset = await _admin.PostAsync("admin", "admin/accounts/password", ("address", ServerProcess.Bob), ("password", ""));
        Assert.Contains("id=\"notice\">the password is empty (or only spaces); nothing was changed</p>", reset.Html);
    }

    [Fact]
    public async Task A_domain_with_a_character_no_DNS_name_holds_is_refused_an_internationalized_one_is_not()
    {
        foreach (var name in new[] { "ex\u200Bample.org", "pay€.test", "smile\U0001F600.test" })
        {
            var page = await _admin.PostAsync("admin/domains", "admin/domains", ("name", name));
            Assert.Contains("is not a valid domain name</p>", page.Html);
        }
        Assert.Contains("id=\"notice\">added domain b&#xFC;cher.test</p>", (await _admin.PostAsync("admin/domains", "admin/domains", ("name", "bücher.test"))).Html);
        var domains = (await _server.RunCliAsync(["domain", "list"])).StandardOutput;
        Assert.DoesNotContain("ample.org", domains);
        Assert.DoesNotContain("pay", domains);
        Assert.DoesNotContain("smile", domains);
    }

    private static string AccountPage(string address) => "admin/account?address=" + Uri.EscapeDataString(address);
}
