using System.Text;
using Microsoft.Playwright;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// The browser UI in a real headless Chromium (Debian's chromium, driven by Playwright): an admin
/// imports 1,000 accounts from CSV, one of the users signs in, chooses quarantine and blocks a sender;
/// the blocked sender is refused for that user at RCPT, and the next spam
/// sent to that user over SMTP lands in the Junk folder, from where "Not spam" moves it to the inbox.
/// The import test runs on the embedded SQLite and on a real PostgreSQL. Screenshots go to artifacts/screenshots/.
/// </summary>
public sealed class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    /// <param name="onPostgres">The directory, settings and transaction log in a real PostgreSQL instead of the embedded SQLite.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_admin_imports_1000_accounts_and_a_user_chooses_quarantine_which_the_next_spam_respects(bool onPostgres)
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: run scripts/install-test-deps.sh (Debian package chromium).");
        await using var postgres = onPostgres ? await Mizugiwa.Testing.PostgresServer.StartAsync() : null;
        var settings = new Dictionary<string, string>
        {
            ["Web__Admins__0"] = ServerProcess.Alice, ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", ["Checks__Rgrey__Mode"] = "Off",
        };
        if (postgres is not null)
        {
            settings["Directory__Backend"] = "Postgres";
            settings["Directory__ConnectionString"] = await postgres.CreateDatabaseAsync("directory");
            settings["Log__Backend"] = "Postgres";
            settings["Log__ConnectionString"] = await postgres.CreateDatabaseAsync("log");
        }
        await using var server = await ServerProcess.StartAsync(settings);
        var csv = Path.Combine(server.RootDirectory, "accounts.csv");
        await File.WriteAllTextAsync(csv, AccountsCsv());
        var screenshots = onPostgres ? Directory.CreateDirectory(Path.Combine(ScreenshotDirectory(), "postgres")).FullName : ScreenshotDirectory();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var web = $"http://127.0.0.1:{server.WebPort}";

        await page.GotoAsync($"{web}/login");
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "01-sign-in.png") });
        await SignInAsync(page, ServerProcess.Alice, "secret-password");
        await page.ClickAsync("#admin");
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "02-admin.png") });
        await page.SetInputFilesAsync("#csv-file", csv);
        await page.ClickAsync("#import");
        Assert.Equal("Imported 1000 account(s).", await page.TextContentAsync("#import-summary"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "03-import.png") });
        await page.ClickAsync("#logout");

        await SignInAsync(page, "user0999@example.test", "user-password-999");
        Assert.Equal("user0999@example.test", await page.TextContentAsync("#user"));
        Assert.True(await page.IsCheckedAsync("#mode-label"));
        Assert.StartsWith("You have marked 0 messages as spam and 0 as not spam. From 200 of each, your own filter decides",
            await page.TextContentAsync("#own-training"));
        await page.CheckAsync("#mode-quarantine");
        await page.ClickAsync("#save-filter");
        Assert.Equal("Your spam filter setting was saved.", await page.TextContentAsync("#notice"));
        Assert.True(await page.IsCheckedAsync("#mode-quarantine"));
        await page.FillAsync("#list-pattern", "pest@nuisance.example");
        await page.CheckAsync("#list-deny");
        await page.ClickAsync("#add-list");
        Assert.Equal("Your sender lists were saved.", await page.TextContentAsync("#notice"));
        Assert.Contains("pest@nuisance.example", await page.TextContentAsync("#lists"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "04-self-service.png"), FullPage = true });

        var forbidden = await page.GotoAsync($"{web}/admin");
        Assert.EndsWith("/login?ReturnUrl=%2Fadmin", forbidden!.Url);

        var token = TestMail.NewToken("browser");
        using (var client = await TestMail.ConnectAsync(server.Port))
        {
            await client.SendAsync(TestMail.Create(token, "user0999@example.test", $"{Gtube} {token}\r\n"));
            await client.DisconnectAsync(quit: true);
        }
        await new Maildir(Path.Combine(server.DataDirectory, "mail", "example.test", "user0999", ".Junk", "new")).WaitForMessageAsync(token);

        // The blocked sender is refused at RCPT for this user, and only for this user.
        using (var client = await TestMail.ConnectAsync(server.Port))
        {
            var blocked = TestMail.Create(TestMail.NewToken("blocked"), "user0999@example.test");
            blocked.From.Clear();
            blocked.From.Add(MimeKit.MailboxAddress.Parse("pest@nuisance.example"));
            var refused = await Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(() => client.SendAsync(blocked));
            Assert.Equal(550, (int)refused.StatusCode);
            Assert.Contains("5.7.1", refused.Message);
            blocked.To.Clear();
            blocked.To.Add(MimeKit.MailboxAddress.Parse("user0998@example.test"));
            await client.SendAsync(blocked);
            await client.DisconnectAsync(quit: true);
        }

        // The quarantine shows it; "Not spam" moves it to the inbox.
        await page.GotoAsync($"{web}/quarantine");
        Assert.Contains(token, await page.TextContentAsync("#quarantine"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "05-quarantine.png") });
        await page.ClickAsync(".not-spam");
        Assert.Equal("The message was moved to your inbox and learned as not spam.", await page.TextContentAsync("#notice"));
        Assert.NotNull(await page.QuerySelectorAsync("#empty"));
        await server.Mailbox("user0999@example.test").WaitForMessageAsync(token);
        await page.GotoAsync($"{web}/");
        Assert.StartsWith("You have marked 0 messages as spam and 1 as not spam.", await page.TextContentAsync("#own-training"));
    }

    [Fact]
    public async Task An_admin_adds_a_domain_releases_a_harvest_block_and_finds_the_refusals_in_the_log()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: run scripts/install-test-deps.sh (Debian package chromium).");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Web__Admins__0"] = ServerProcess.Alice, ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", ["Checks__Rgrey__Mode"] = "Off",
            ["Checks__Harvest__UnknownRecipientsPerAddress"] = "3", ["Checks__Harvest__BlockSeconds"] = "600", ["Checks__Harvest__TarpitStepMilliseconds"] = "10",
        });
        var harvester = System.Net.IPAddress.Parse("127.0.0.61");
        await HarvestAcrossNodesTests.ProbeAsync(server, harvester, "h1@example.test", "h2@example.test", "h3@example.test", "h4@example.test");
        Assert.Equal(450, Assert.Single(await HarvestAcrossNodesTests.ProbeAsync(server, harvester, ServerProcess.Alice)));
        var screenshots = ScreenshotDirectory();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var web = $"http://127.0.0.1:{server.WebPort}";
        await page.GotoAsync($"{web}/login");
        await SignInAsync(page, ServerProcess.Alice, "secret-password");

        await page.GotoAsync($"{web}/admin/domains");
        await page.FillAsync("#new-domain", "second.example");
        await page.ClickAsync("#add-domain");
        Assert.Equal("added domain second.example", await page.TextContentAsync("#notice"));
        Assert.Contains("second.example", await page.TextContentAsync("#domains"));

        await page.ClickAsync("#nav-blocks");
        Assert.Contains("127.0.0.61", await page.TextContentAsync("#blocks"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "06-harvest-blocks.png"), FullPage = true });
        await page.ClickAsync("#blocks button");
        Assert.Equal("released 127.0.0.61", await page.TextContentAsync("#notice"));
        Assert.Equal(250, Assert.Single(await HarvestAcrossNodesTests.ProbeAsync(server, harvester, ServerProcess.Alice)));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await page.GotoAsync($"{web}/admin/log?ip=127.0.0.61&outcome=rejected");
            var log = await page.TextContentAsync("#log") ?? "";
            if (log.Contains("h1@example.test", StringComparison.Ordinal)) break;
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) Assert.Fail($"the unknown-user refusals did not show in the log: {log}");
            await Task.Delay(200);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "07-log.png"), FullPage = true });

        await page.ClickAsync("#nav-access");
        await page.SelectOptionAsync("#access-kind", "sender");
        await page.FillAsync("#access-pattern", "newsletter@partner.example");
        await page.SelectOptionAsync("#access-action", "allow");
        await page.ClickAsync("#add-access");
        Assert.Equal("added allow sender newsletter@partner.example", await page.TextContentAsync("#notice"));
        Assert.Contains("newsletter@partner.example", await page.TextContentAsync("#access"));
        var listed = await server.RunCliAsync(["access", "list"]);
        Assert.Contains("newsletter@partner.example", listed.StandardOutput);

        var junk = Path.Combine(server.RootDirectory, "junk");
        Directory.CreateDirectory(junk);
        await File.WriteAllTextAsync(Path.Combine(junk, "1.eml"), "From: deals@shop.example\nMessage-ID: <deal1@shop.example>\nSubject: cheap pills\n\nbuy cheap pills now\n");
        Assert.Equal(0, (await server.RunCliAsync(["bayes", "train", "--spam", junk])).ExitCode);
        await page.ClickAsync("#nav-bayes");
        Assert.Matches(@"^\(global\)\s*1\s*0\s*\d+\s*no\s*no$", (await page.Locator("#bayes tr", new() { HasText = "(global)" }).InnerTextAsync()).Trim());

        await page.GotoAsync($"{web}/admin");
        await page.FillAsync("#new-address", "temp@example.test");
        await page.FillAsync("#new-account-password", "temporary-1");
        await page.ClickAsync("#add-account");
        var row = page.Locator("#accounts tr", new() { HasText = "temp@example.test" });
        await row.Locator("input[name=password]").FillAsync("changed-password-2");
        await row.Locator(".reset-password").ClickAsync();
        Assert.Equal("new password for temp@example.test", await page.TextContentAsync("#notice"));
        await page.Locator("#accounts tr", new() { HasText = "temp@example.test" }).Locator("a").ClickAsync();
        await page.FillAsync("#display-name", "Temporary Account");
        await page.ClickAsync("#save-name");
        Assert.Equal("display name saved", await page.TextContentAsync("#notice"));
        Assert.Equal("Temporary Account", await page.InputValueAsync("#display-name"));
        await page.ClickAsync("#toggle-disabled");
        Assert.Equal("account disabled: it takes no mail and no logins", await page.TextContentAsync("#notice"));
        Assert.StartsWith("Disabled", await page.TextContentAsync("#account-state"));
        await page.FillAsync("#quota", "lots");
        await page.ClickAsync("#save-quota");
        Assert.Contains("'lots' is not a size", await page.TextContentAsync("#notice"));
        await page.FillAsync("#quota", "500M");
        await page.ClickAsync("#save-quota");
        Assert.Equal("quota is now 500M", await page.TextContentAsync("#notice"));
        await page.FillAsync("#forward-targets", "temp.elsewhere@remote.test");
        await page.UncheckAsync("#forward-keep-copy");
        await page.ClickAsync("#save-forwarding");
        Assert.Equal("forwarding saved", await page.TextContentAsync("#notice"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "13-account.png"), FullPage = true });
        var details = (await server.RunCliAsync(["account", "list", "--details"])).StandardOutput.Split('\n').Single(l => l.StartsWith("temp@example.test", StringComparison.Ordinal));
        Assert.Contains("disabled=yes", details);
        Assert.Contains("forward=temp.elsewhere@remote.test", details);
        Assert.Contains("quota=500M", details);
        Assert.Contains("temp@example.test 500M", (await server.RunCliAsync(["account", "quota", "temp@example.test"])).StandardOutput);
        await page.GotoAsync($"{web}/admin");
        await page.Locator("#accounts tr", new() { HasText = "temp@example.test" }).Locator(".remove-account").ClickAsync();
        Assert.Equal("removed account temp@example.test", await page.TextContentAsync("#notice"));
        Assert.DoesNotContain("temp@example.test", await page.TextContentAsync("#accounts"));

        await page.ClickAsync("#nav-aliases");
        await page.FillAsync("#alias-address", "info@example.test");
        await page.FillAsync("#alias-target", ServerProcess.Bob);
        await page.ClickAsync("#add-alias");
        Assert.Equal($"alias add: info@example.test -> {ServerProcess.Bob}", await page.TextContentAsync("#notice"));
        Assert.Contains("info@example.test", await page.TextContentAsync("#aliases"));
        await page.ClickAsync("#nav-dkim");
        Assert.NotNull(await page.QuerySelectorAsync("#dkim"));

        await page.ClickAsync("#nav-queue");
        Assert.NotNull(await page.QuerySelectorAsync("#queue-empty"));
        await page.ClickAsync("#flush");
        Assert.Equal("flush: all deferred messages", await page.TextContentAsync("#notice"));

        await page.ClickAsync("#nav-dashboard");
        async Task<int> Total(string chart) =>
            int.Parse((await page.GetAttributeAsync($"#chart-{chart}", "data-total"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(await Total("harvest"), 1, 100);
        Assert.InRange(await Total("rejected"), 2, 100);
        Assert.InRange(await Total("connections"), 3, 100);
        Assert.Equal(0, await Total("spam"));
        Assert.Equal(await Total("connections"), await Total("days-connections")); // all of today's are within the last 24 hours
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "08-dashboard.png"), FullPage = true });
    }

    [Fact]
    public async Task An_admin_lets_a_greylisted_triplet_through_trusts_a_client_makes_a_dkim_key_and_changes_the_greylist_delay()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: run scripts/install-test-deps.sh (Debian package chromium).");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Web__Admins__0"] = ServerProcess.Alice, ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
            ["Checks__Rgrey__Mode"] = "GreylistAll", ["Checks__Rgrey__DelaySeconds"] = "3600", ["Checks__AccessRefreshSeconds"] = "0",
        });
        async Task<string> SendFromAsync(string address)
        {
            using var client = new MailKit.Net.Smtp.SmtpClient { LocalEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(address), 0), Timeout = 30_000 };
            await client.ConnectAsync("127.0.0.1", server.Port, MailKit.Security.SecureSocketOptions.None);
            var token = TestMail.NewToken("browser-admin");
            await client.SendAsync(TestMail.Create(token, ServerProcess.Alice));
            await client.DisconnectAsync(true);
            return token;
        }
        Task<MailKit.Net.Smtp.SmtpCommandException> DeferredAsync(string address) => Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(() => SendFromAsync(address));
        Assert.Equal(451, (int)(await DeferredAsync("127.0.7.5")).StatusCode);
        var screenshots = ScreenshotDirectory();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var web = $"http://127.0.0.1:{server.WebPort}";
        await page.GotoAsync($"{web}/login");
        await SignInAsync(page, ServerProcess.Alice, "secret-password");
        await page.GotoAsync($"{web}/admin/dashboard");

        await page.ClickAsync("#nav-greylist");
        await page.FillAsync("#greylist-client", "127.0.7");
        await page.ClickAsync("#search-greylist");
        Assert.Contains("127.0.7.0/24", await page.TextContentAsync("#greylist"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "09-greylist.png"), FullPage = true });
        await page.ClickAsync("#greylist .greylist-release");
        Assert.StartsWith("let through: 127.0.7.0/24", await page.TextContentAsync("#notice"));
        await server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(await SendFromAsync("127.0.7.5"));

        await page.ClickAsync("#nav-limits");
        await page.FillAsync("#limits-ip", "127.0.7.5");
        await page.ClickAsync("#show-limits");
        Assert.Contains("connections", await page.TextContentAsync("#limits-usage"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "10-flow-limits.png"), FullPage = true });
        await page.ClickAsync("#whitelist-client");
        Assert.Equal("127.0.7.5 is trusted now (access list allow entry)", await page.TextContentAsync("#notice"));

        await page.ClickAsync("#nav-dkim");
        await page.FillAsync("#dkim-domain", "example.test");
        await page.FillAsync("#dkim-selector", "browser");
        await page.SelectOptionAsync("#dkim-algorithm", "ed25519");
        await page.ClickAsync("#dkim-keygen");
        Assert.StartsWith("browser._domainkey.example.test. IN TXT \"v=DKIM1; k=ed25519; p=", await page.TextContentAsync("#dkim-record"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "11-dkim-keygen.png"), FullPage = true });
        await page.ClickAsync("#nav-dkim");
        await page.ClickAsync("#dkim .remove-dkim");
        await page.ClickAsync("#confirm-remove-dkim");
        Assert.Equal("deleted the key of example.test selector browser", await page.TextContentAsync("#notice"));

        await page.ClickAsync("#nav-settings");
        await page.FillAsync("#setting-Checks-Rgrey-DelaySeconds", "-1");
        await page.ClickAsync("#save-Checks-Rgrey-DelaySeconds");
        Assert.Contains("Checks:Rgrey", await page.TextContentAsync("#notice"));
        await page.FillAsync("#setting-Checks-Rgrey-DelaySeconds", "0");
        await page.ClickAsync("#save-Checks-Rgrey-DelaySeconds");
        Assert.Equal("Checks:Rgrey:DelaySeconds is 0 now", await page.TextContentAsync("#notice"));
        Assert.Contains("settings page", await page.TextContentAsync("#settings"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "12-settings.png"), FullPage = true });
        Assert.Equal(451, (int)(await DeferredAsync("127.0.8.5")).StatusCode);
        await server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(await SendFromAsync("127.0.8.5"));
    }

    private static async Task SignInAsync(IPage page, string address, string password)
    {
        await page.FillAsync("#address", address);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#signin");
        await page.WaitForSelectorAsync("#user");
    }

    /// <summary>999 accounts with an existing Argon2id hash (fast to import) and one with a plain password, which the user then signs in with.</summary>
    private static string AccountsCsv()
    {
        var hash = "{ARGON2ID}" + Mizugiwa.Storage.PasswordHasher.Hash("imported-password");
        var csv = new StringBuilder("address,password,password_hash,filter_mode\n");
        for (var i = 0; i < 999; i++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"user{i:0000}@example.test,,\"{hash}\",label\n");
        csv.Append("user0999@example.test,user-password-999,,\n");
        return csv.ToString();
    }

    private static string ScreenshotDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mizugiwa.sln"))) directory = directory.Parent;
        var path = Path.Combine(directory?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}
