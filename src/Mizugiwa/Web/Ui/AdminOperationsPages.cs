using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Core;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Harvest;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The admin's daily pages: local domains, the harvest guard's blocks with one-click release, and the
/// transaction log of all nodes searched by client, recipient and outcome, with each message's story.
/// </summary>
internal static class AdminOperationsPages
{
    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        const string admins = SignInPages.AdminPolicy;
        // The guard's thresholds in force (runtime settings change them).
        var guard = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<HarvestGuard>(app.Services);

        app.MapGet("/admin/domains", async (HttpContext http, IAntiforgery antiforgery, SqlDirectory directory, string? notice) =>
        {
            var rows = (await directory.ListDomainsAsync(http.RequestAborted)).Select(d =>
                $"<tr><td>{Html.E(d)}</td><td>{PostButton(http, antiforgery, "/admin/domains/remove", "name", d, "Remove")}</td></tr>");
            return Html.Page("Domains", $"""
                {Navigation}
                <form method="post" action="/admin/domains">{Html.Antiforgery(antiforgery, http)}
                <label>New local domain <input name="name" id="new-domain" required></label><button id="add-domain">Add</button></form>
                <table id="domains"><tr><th>domain</th><th></th></tr>{string.Concat(rows)}</table>
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(admins);
        app.MapPost("/admin/domains", ([FromForm] string name, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            AuditedChange.RunAsync(http, directory, time, "/admin/domains", "domain add", name, ct => directory.AddDomainAsync(name, ct), $"added domain {name}")).RequireAuthorization(admins);
        app.MapPost("/admin/domains/remove", ([FromForm] string name, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            AuditedChange.RunAsync(http, directory, time, "/admin/domains", "domain remove", name, ct => directory.RemoveDomainAsync(name, force: false, ct), $"removed domain {name}")).RequireAuthorization(admins);

        app.MapGet("/admin/blocks", async (HttpContext http, IAntiforgery antiforgery, IStateStore store, TimeProvider time, string? notice) =>
        {
            var blocks = await new BlockRegistry(store, guard.Options, time).ListBlocksAsync(http.RequestAborted);
            var rows = blocks.Select(b =>
                $"<tr><td>{Html.E(b.Source.Text)}</td><td>{b.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z</td><td>{b.Level}</td><td>{Html.E(b.Reason)}</td>" +
                $"<td>{PostButton(http, antiforgery, "/admin/blocks/release", "source", b.Source.Text, "Release")}</td></tr>");
            return Html.Page("Harvest blocks", $"""
                {Navigation}
                <p>Sources that probed for addresses get 450 4.7.1 for every recipient until the block lifts by itself. Release ends a block now.</p>
                <table id="blocks"><tr><th>source</th><th>until</th><th>offence</th><th>reason</th><th></th></tr>{string.Concat(rows)}</table>
                {(blocks.Count == 0 ? "<p id=\"no-blocks\">No blocks.</p>" : "")}
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(admins);
        app.MapPost("/admin/blocks/release", async ([FromForm] string source, HttpContext http, IStateStore store, SqlDirectory directory, TimeProvider time) =>
        {
            if (!SourceScope.TryParse(source, out var scope)) return AuditedChange.Back("/admin/blocks", $"'{source}' is not an address or network");
            if (!await new BlockRegistry(store, guard.Options, time).ReleaseAsync(scope, http.RequestAborted)) return AuditedChange.Back("/admin/blocks", $"no block for {source}");
            await AuditedChange.AuditAsync(http, directory, time, "block release", source);
            return AuditedChange.Back("/admin/blocks", $"released {source}");
        }).RequireAuthorization(admins);

        app.MapGet("/admin/log", async (HttpContext http, IDecisionLogReader log, string? ip, string? to, string? outcome, string? queue) =>
        {
            if (outcome is { Length: 0 }) outcome = null;
            if (outcome is not null && !DecisionLogQuery.Outcomes.Contains(outcome))
                return Results.Text($"outcome '{outcome}' must be accepted, deferred or rejected", statusCode: StatusCodes.Status400BadRequest);
            var rows = queue is { Length: > 0 }
                ? await log.StoryAsync(queue, http.RequestAborted)
                : await log.SearchAsync(new DecisionLogQuery { ClientAddress = Empty(ip), Recipient = Empty(to), Outcome = outcome, Limit = 200 }, http.RequestAborted);
            var table = string.Concat(rows.Select(r =>
                $"<tr><td>{r.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}</td><td>{Html.E(r.Node)}</td><td>{Html.E(r.Stage)}</td><td>{Html.E(r.ClientAddress)}</td>" +
                $"<td>{Html.E(r.Sender)}</td><td>{Html.E(r.Recipient)}</td><td>{Html.E(r.Check)} {Html.E(r.Rule)}</td><td>{Html.E(r.Reply)}</td>" +
                $"<td>{(r.QueueId is { } id ? $"<a href=\"/admin/log?queue={Uri.EscapeDataString(id)}\">{Html.E(id)}</a>" : "")}</td></tr>"));
            return Html.Page(queue is { Length: > 0 } ? $"The story of {queue}" : "Transaction log", $"""
                {Navigation}
                <form method="get" action="/admin/log">
                <label>Client address <input name="ip" id="log-ip" value="{Html.E(ip)}"></label>
                <label>Recipient <input name="to" id="log-to" value="{Html.E(to)}"></label>
                <label>Outcome <select name="outcome" id="log-outcome"><option value="">any</option><option>accepted</option><option>deferred</option><option>rejected</option></select></label>
                <button id="search-log">Search</button></form>
                <table id="log"><tr><th>time (UTC)</th><th>node</th><th>stage</th><th>client</th><th>from</th><th>to</th><th>check</th><th>reply</th><th>queue id</th></tr>{table}</table>
                """, http.User.Identity!.Name);
        }).RequireAuthorization(admins);
    }

    public const string Navigation = "<p><a href=\"/admin/dashboard\" id=\"nav-dashboard\">Dashboard</a> · <a href=\"/admin\">Accounts</a> · <a href=\"/admin/domains\" id=\"nav-domains\">Domains</a> · " +
        "<a href=\"/admin/blocks\" id=\"nav-blocks\">Harvest blocks</a> · <a href=\"/admin/access\" id=\"nav-access\">Access lists</a> · " +
        "<a href=\"/admin/greylist\" id=\"nav-greylist\">Greylist</a> · <a href=\"/admin/limits\" id=\"nav-limits\">Flow limits</a> · " +
        "<a href=\"/admin/queue\" id=\"nav-queue\">Queue</a> · <a href=\"/admin/aliases\" id=\"nav-aliases\">Aliases</a> · " +
        "<a href=\"/admin/dkim\" id=\"nav-dkim\">DKIM keys</a> · <a href=\"/admin/bayes\" id=\"nav-bayes\">Bayes</a> · <a href=\"/admin/log\" id=\"nav-log\">Log</a> · <a href=\"/admin/settings\" id=\"nav-settings\">Settings</a> · <a href=\"/\">Your mailbox</a></p>";

    private static string? Empty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string PostButton(HttpContext http, IAntiforgery antiforgery, string action, string field, string value, string label) =>
        $"<form method=\"post\" action=\"{action}\">{Html.Antiforgery(antiforgery, http)}<input type=\"hidden\" name=\"{field}\" value=\"{Html.E(value)}\"><button>{label}</button></form>";
}
