using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The user's inbox and quarantine (Junk), newest first (<see cref="SelfServiceInbox"/>, as /api/me/inbox
/// and /api/me/quarantine). "Spam" on an inbox message teaches the user's Bayes dictionary and moves it to
/// Junk; "Not spam" on a quarantined one teaches ham and moves it to the inbox. Only the signed-in user's own mail.
/// </summary>
internal static class InboxPages
{
    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        app.MapGet("/inbox", (HttpContext http, IAntiforgery antiforgery, BayesStore bayes, string? marked) =>
        {
            var messages = new SelfServiceInbox(options.MailDirectory, bayes).List(User(http));
            return Html.Page("Inbox", $"""
                <p><a href="/">Your mailbox</a> · <a href="/quarantine">Quarantine (Junk)</a></p>
                <p>Your newest {SelfServiceInbox.MaxListed} messages at most. "Spam" moves one to your Junk folder and teaches the filter that mail like it is spam for you.</p>
                {Table(http, antiforgery, "inbox", messages, "/inbox/spam", "spam", "Spam")}
                {(messages.Count == 0 ? "<p id=\"empty\">Your inbox is empty.</p>" : "")}
                """, User(http), marked is null ? null : "The message was moved to Junk and learned as spam.");
        }).RequireAuthorization();
        app.MapPost("/inbox/spam", async ([FromForm] string id, HttpContext http, BayesStore bayes) =>
            await new SelfServiceInbox(options.MailDirectory, bayes).MarkSpamAsync(User(http), id, http.RequestAborted)
                ? Results.Redirect("/inbox?marked=1")
                : Results.NotFound("no such message in your inbox")).RequireAuthorization();

        app.MapGet("/quarantine", (HttpContext http, IAntiforgery antiforgery, BayesStore bayes, string? released) =>
        {
            var held = new SelfServiceInbox(options.MailDirectory, bayes).ListQuarantine(User(http));
            return Html.Page("Quarantine", $"""
                <p><a href="/">Your mailbox</a> · <a href="/inbox">Inbox</a></p>
                <p>Messages the filter held as spam because you chose quarantine. "Not spam" moves one to your inbox and teaches the filter.</p>
                {Table(http, antiforgery, "quarantine", held, "/quarantine/release", "not-spam", "Not spam")}
                {(held.Count == 0 ? "<p id=\"empty\">Your quarantine is empty.</p>" : "")}
                """, User(http), released is null ? null : "The message was moved to your inbox and learned as not spam.");
        }).RequireAuthorization();
        app.MapPost("/quarantine/release", async ([FromForm] string id, HttpContext http, BayesStore bayes) =>
            await new SelfServiceInbox(options.MailDirectory, bayes).ReleaseAsync(User(http), id, http.RequestAborted)
                ? Results.Redirect("/quarantine?released=1")
                : Results.NotFound("no such message in your quarantine")).RequireAuthorization();
    }

    private static string User(HttpContext http) => http.User.Identity!.Name!;

    private static string Table(HttpContext http, IAntiforgery antiforgery, string id, IReadOnlyList<SelfServiceInbox.Message> messages, string action, string buttonClass, string button)
    {
        var rows = messages.Select(m =>
            $"<tr><td>{Html.E(m.Date)}</td><td>{Html.E(m.From)}</td><td>{Html.E(m.Subject)}</td><td>{Html.E(m.SpamScore)}</td>" +
            $"<td><form method=\"post\" action=\"{action}\">{Html.Antiforgery(antiforgery, http)}" +
            $"<input type=\"hidden\" name=\"id\" value=\"{Html.E(m.Id)}\"><button class=\"{buttonClass}\">{button}</button></form></td></tr>");
        return $"<table id=\"{id}\"><tr><th>date</th><th>from</th><th>subject</th><th>spam score</th><th></th></tr>{string.Concat(rows)}</table>";
    }
}
