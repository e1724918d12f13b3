using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Delivery.Admin;
using Mizugiwa.Policy.Access;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// Admin pages for the access lists (allow/deny by client, client name, sender, recipient: the
/// whitelists of Rgrey) and the mail queue (hold, release, delete, flush). Every change is audited.
/// </summary>
internal static class AdminListsAndQueuePages
{
    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        const string admins = SignInPages.AdminPolicy;
        var access = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IAccessRuleStore>(app.Services);
        var queue = new QueueAdmin(options.SpoolDirectory);

        app.MapGet("/admin/access", async (HttpContext http, IAntiforgery antiforgery, string? notice) =>
        {
            var rows = (await access.ListAsync(http.RequestAborted)).Select(r =>
                $"<tr><td>{AccessNames.Of(r.Kind)}</td><td>{Html.E(r.Pattern)}</td><td>{AccessNames.Of(r.Action)}</td><td>{Html.E(r.Note)}</td>" +
                $"<td><form method=\"post\" action=\"/admin/access/remove\">{Html.Antiforgery(antiforgery, http)}<input type=\"hidden\" name=\"kind\" value=\"{AccessNames.Of(r.Kind)}\">" +
                $"<input type=\"hidden\" name=\"pattern\" value=\"{Html.E(r.Pattern)}\"><button>Remove</button></form></td></tr>");
            var kinds = string.Concat(Enum.GetValues<AccessKind>().Select(k => $"<option>{AccessNames.Of(k)}</option>"));
            return Html.Page("Access lists", $"""
                {AdminOperationsPages.Navigation}
                <p>Allow entries exempt a client, client name, sender or recipient from the spam checks (the Rgrey whitelists); deny entries refuse it. Servers pick changes up within seconds.</p>
                <form method="post" action="/admin/access">{Html.Antiforgery(antiforgery, http)}
                <label>Kind <select name="kind" id="access-kind">{kinds}</select></label>
                <label>Pattern <input name="pattern" id="access-pattern" required></label>
                <label>Action <select name="action" id="access-action"><option>allow</option><option>deny</option></select></label>
                <label>Note <input name="note" id="access-note"></label>
                <button id="add-access">Add</button></form>
                <table id="access"><tr><th>kind</th><th>pattern</th><th>action</th><th>note</th><th></th></tr>{string.Concat(rows)}</table>
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(admins);
        app.MapPost("/admin/access", async ([FromForm] string kind, [FromForm] string pattern, [FromForm] string action, [FromForm] string? note,
            HttpContext http, SqlDirectory directory, TimeProvider time) =>
        {
            if (!AccessNames.TryParseKind(kind, out var k)) return AuditedChange.Back("/admin/access", $"'{kind}' is not a kind ({AccessNames.All<AccessKind>()}); nothing was changed");
            if (!AccessNames.TryParseAction(action, out var a)) return AuditedChange.Back("/admin/access", $"'{action}' is not an action ({AccessNames.All<AccessAction>()}); nothing was changed");
            if (AccessRule.Validate(k, pattern) is { } problem) return AuditedChange.Back("/admin/access", problem);
            await access.AddAsync(new AccessRule(k, pattern, a, string.IsNullOrWhiteSpace(note) ? null : note), http.RequestAborted);
            await AuditedChange.AuditAsync(http, directory, time, $"access add {AccessNames.Of(k)} {AccessNames.Of(a)}", pattern);
            return AuditedChange.Back("/admin/access", $"added {AccessNames.Of(a)} {AccessNames.Of(k)} {pattern}");
        }).RequireAuthorization(admins);
        app.MapPost("/admin/access/remove", async ([FromForm] string kind, [FromForm] string pattern, HttpContext http, SqlDirectory directory, TimeProvider time) =>
        {
            if (!AccessNames.TryParseKind(kind, out var k)) return AuditedChange.Back("/admin/access", $"'{kind}' is not a kind ({AccessNames.All<AccessKind>()}); nothing was changed");
            if (!await access.RemoveAsync(k, pattern, http.RequestAborted))
                return AuditedChange.Back("/admin/access", $"no {kind} entry for {pattern}");
            await AuditedChange.AuditAsync(http, directory, time, $"access remove {AccessNames.Of(k)}", pattern);
            return AuditedChange.Back("/admin/access", $"removed {AccessNames.Of(k)} {pattern}");
        }).RequireAuthorization(admins);

        app.MapGet("/admin/queue", (HttpContext http, IAntiforgery antiforgery, string? notice) =>
        {
            var entries = queue.List();
            var rows = entries.Select(e =>
                $"<tr><td>{Html.E(e.QueueId)}</td><td>{e.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z</td><td>{e.Size}</td><td>{Html.E(e.Sender)}</td><td>{e.Pending}/{e.Recipients}</td>" +
                $"<td>{(e.Held ? "held" : "")} {Html.E(e.LastStatus)}</td><td>" +
                QueueButton(http, antiforgery, e.Held ? "release" : "hold", e.QueueId) + QueueButton(http, antiforgery, "delete", e.QueueId) + "</td></tr>");
            return Html.Page("Mail queue", $"""
                {AdminOperationsPages.Navigation}
                <form method="post" action="/admin/queue/flush">{Html.Antiforgery(antiforgery, http)}<button id="flush">Try every deferred message now</button></form>
                <table id="queue"><tr><th>queue id</th><th>received</th><th>bytes</th><th>sender</th><th>pending</th><th>status</th><th></th></tr>{string.Concat(rows)}</table>
                {(entries.Count == 0 ? "<p id=\"queue-empty\">The queue is empty.</p>" : "")}
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(admins);
        app.MapPost("/admin/queue/{action}", async (string action, [FromForm] string? id, HttpContext http, SqlDirectory directory, TimeProvider time) =>
        {
            if (action is not ("hold" or "release" or "delete" or "flush")) return AuditedChange.Back("/admin/queue", $"'{action}' is not a queue action (hold, release, delete, flush)");
            if (action != "flush" && string.IsNullOrWhiteSpace(id)) return AuditedChange.Back("/admin/queue", $"give the queue id of the message to {action}");
            var done = action switch
            {
                "hold" when id is not null => queue.Hold(id),
                "release" when id is not null => queue.Release(id),
                "delete" when id is not null => queue.Delete(id),
                "flush" => Flush(queue),
                _ => false,
            };
            if (!done) return AuditedChange.Back("/admin/queue", $"could not {action} {id}: no such message (or not in that state)");
            await AuditedChange.AuditAsync(http, directory, time, $"queue {action}", id ?? "all");
            return AuditedChange.Back("/admin/queue", $"{action}: {id ?? "all deferred messages"}");
        }).RequireAuthorization(admins);
    }

    private static bool Flush(QueueAdmin queue)
    {
        queue.RequestFlush();
        return true;
    }

    private static string QueueButton(HttpContext http, IAntiforgery antiforgery, string action, string id) =>
        $"<form method=\"post\" action=\"/admin/queue/{action}\" style=\"display:inline\">{Html.Antiforgery(antiforgery, http)}<input type=\"hidden\" name=\"id\" value=\"{Html.E(id)}\"><button class=\"queue-{action}\">{action}</button></form>";
}
