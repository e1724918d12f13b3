using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Core;
using Mizugiwa.Storage;
using Mizugiwa.Web.Api;

namespace Mizugiwa.Web.Ui;

/// <summary>The page every mailbox user has: their spam filter mode, explained, sender lists, forwarding and password. Only their own account.</summary>
internal static class SelfServicePages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", async (HttpContext http, IAntiforgery antiforgery, SqlDirectory directory, IForwardingDirectory forwarding, BayesStore bayes, string? saved) =>
            await PageAsync(http, antiforgery, directory, forwarding, bayes, saved)).RequireAuthorization();
        app.MapPost("/me/forwarding", async ([FromForm] string targets, [FromForm(Name = "keep-copy")] string? keepCopy, HttpContext http,
            IAntiforgery antiforgery, SqlDirectory directory, IForwardingDirectory forwarding, BayesStore bayes) =>
        {
            var list = SelfServiceForwardingForm.Targets(targets);
            try { await forwarding.SetForwardingAsync(User(http), list, keepCopy is not null, http.RequestAborted); }
            catch (DirectoryException e) { return await PageAsync(http, antiforgery, directory, forwarding, bayes, null, new SelfServiceForwardingForm.Rejected(targets, keepCopy is not null, e.Message)); }
            return Results.Redirect("/?saved=forwarding");
        }).RequireAuthorization();
        app.MapPost("/me/lists", async ([FromForm] string pattern, [FromForm] string kind, HttpContext http, SqlDirectory directory) =>
        {
            if (!Enum.TryParse<PersonalListKind>(kind, ignoreCase: true, out var list) || kind.Any(char.IsDigit)) return Results.Redirect("/?saved=badlist");
            try { await directory.SetPersonalListEntryAsync(User(http), list, pattern, http.RequestAborted); }
            catch (DirectoryException) { return Results.Redirect("/?saved=badlist"); }
            return Results.Redirect("/?saved=list");
        }).RequireAuthorization();
        app.MapPost("/me/lists/remove", async ([FromForm] string pattern, HttpContext http, SqlDirectory directory) =>
        {
            try { await directory.RemovePersonalListEntryAsync(User(http), pattern, http.RequestAborted); }
            catch (DirectoryException) { return Results.Redirect("/?saved=badlist"); }
            return Results.Redirect("/?saved=list");
        }).RequireAuthorization();
        app.MapPost("/me/filter-mode", async ([FromForm] string mode, HttpContext http, SqlDirectory directory) =>
        {
            if (!FilterModes.TryParse(mode, out var chosen)) return Results.Text($"'{mode}' is not a filter mode; nothing was changed\n", statusCode: StatusCodes.Status400BadRequest);
            await directory.SetFilterModeAsync(User(http), chosen, http.RequestAborted);
            return Results.Redirect("/?saved=filter");
        }).RequireAuthorization();
        app.MapPost("/me/password", async ([FromForm] string password, [FromForm] string confirm, HttpContext http, SqlDirectory directory) =>
        {
            if (password != confirm) return Results.Redirect("/?saved=mismatch");
            if (password.Length < 8 || PasswordCredentials.IsBlank(password)) return Results.Redirect("/?saved=short");
            await directory.SetPasswordAsync(User(http), PasswordCredentials.Create(password), http.RequestAborted);
            return Results.Redirect("/?saved=password");
        }).RequireAuthorization();
    }

    private static string User(HttpContext http) => http.User.Identity!.Name!;

    private static async Task<IResult> PageAsync(HttpContext http, IAntiforgery antiforgery, SqlDirectory directory, IForwardingDirectory forwarding,
        BayesStore bayes, string? saved, SelfServiceForwardingForm.Rejected? rejected = null)
    {
        var user = User(http);
        var current = await forwarding.GetForwardingAsync(user, http.RequestAborted);
        var training = Training(await bayes.LearnedByAsync(user, http.RequestAborted), bayes.Options);
        var page = Page(http, antiforgery, await directory.GetFilterModeAsync(user, http.RequestAborted),
            await directory.ListPersonalListAsync(user, http.RequestAborted), saved, SelfServiceForwardingForm.Render(http, antiforgery, current, rejected), training);
        return rejected is null ? page : new StatusResult(StatusCodes.Status400BadRequest, page);
    }

    /// <summary>The page with another status code (a form error is a 400, still showing the page).</summary>
    private sealed class StatusResult(int status, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>What the user's own "spam" / "not spam" marks have taught their filter so far.</summary>
    private static string Training((long Spam, long Ham) learned, BayesOptions options)
    {
        var shared = options.UserLearningFeedsGlobal ? "the shared one does, and it learns from your marks too." : "the shared one does.";
        var decides = options.Votes(learned.Spam, learned.Ham)
            ? "Your own filter now decides about your mail."
            : $"From {options.MinSpamLearned} of each, your own filter decides about your mail; until then {shared}";
        return $"<p id=\"own-training\">You have marked {learned.Spam} message{(learned.Spam == 1 ? "" : "s")} as spam and {learned.Ham} as not spam. {Html.E(decides)}</p>";
    }

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, FilterMode current, IReadOnlyList<PersonalListEntry> lists, string? saved, string forwarding, string training)
    {
        var notice = saved switch
        {
            "filter" => "Your spam filter setting was saved.",
            "password" => "Your password was changed.",
            "mismatch" => "The two passwords differ; nothing was changed.",
            "short" => "The new password must have at least 8 characters, not only spaces; nothing was changed.",
            "list" => "Your sender lists were saved.",
            "forwarding" => "Your forwarding was saved.",
            "badlist" => "That is neither a mail address nor a domain (or it is not on your lists); nothing was changed.",
            _ => null,
        };
        var choices = string.Concat(Enum.GetValues<FilterMode>().Select(mode =>
            $"<label><input type=\"radio\" name=\"mode\" value=\"{FilterModes.Name(mode)}\" id=\"mode-{FilterModes.Name(mode)}\"{(mode == current ? " checked" : "")}> " +
            $"<strong>{FilterModes.Name(mode)}</strong><br><small>{Html.E(SelfServiceApi.Explain(mode))}</small></label>"));
        var entries = string.Concat(lists.Select(e =>
            $"<tr><td>{Html.E(e.Pattern)}</td><td>{(e.Kind == PersonalListKind.Deny ? "blocked" : "allowed")}</td><td><form method=\"post\" action=\"/me/lists/remove\">{Html.Antiforgery(antiforgery, http)}" +
            $"<input type=\"hidden\" name=\"pattern\" value=\"{Html.E(e.Pattern)}\"><button>Remove</button></form></td></tr>"));
        var admin = "<p><a href=\"/inbox\" id=\"inbox\">Inbox (mark spam)</a></p><p><a href=\"/quarantine\" id=\"quarantine\">Quarantine (Junk)</a></p>" +
            (http.User.IsInRole(SignInPages.AdminRole) ? "<p><a href=\"/admin\" id=\"admin\">Administration</a></p>" : "");
        return Html.Page("Your mailbox", $"""
            {admin}
            <h2>Spam filter</h2>
            <p>Labelling is the default: suspected spam is marked, never moved or refused. Anything stronger happens only because you choose it here.</p>
            <form method="post" action="/me/filter-mode">{Html.Antiforgery(antiforgery, http)}{choices}<button id="save-filter">Save</button></form>
            {training}
            <h2>Your sender lists</h2>
            <p>Mail from a blocked sender is refused for you; an allowed sender is never treated as spam for you. Give a whole address or a domain.</p>
            <table id="lists"><tr><th>sender</th><th>list</th><th></th></tr>{entries}</table>
            <form method="post" action="/me/lists">{Html.Antiforgery(antiforgery, http)}
            <label>Sender or domain <input name="pattern" id="list-pattern" required></label>
            <label><input type="radio" name="kind" value="deny" id="list-deny" checked> block</label>
            <label><input type="radio" name="kind" value="allow" id="list-allow"> allow</label>
            <button id="add-list">Add</button></form>
            {forwarding}
            <h2>Password</h2>
            <form method="post" action="/me/password">{Html.Antiforgery(antiforgery, http)}
            <label>New password <input type="password" name="password" id="new-password" autocomplete="new-password" required></label>
            <label>Again <input type="password" name="confirm" id="confirm-password" autocomplete="new-password" required></label>
            <button id="save-password">Change password</button></form>
            """, User(http), notice);
    }
}
