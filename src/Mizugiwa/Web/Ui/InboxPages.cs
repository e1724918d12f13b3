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
    private sealed record ListPage(string Title, string Id, string Other, string Intro, string Action, string ButtonClass, string Button, string Empty, string Done);

    private static readonly ListPage Inbox = new("Inbox", "inbox", """<a href="/quarantine">Quarantine (Junk)</a>""",
        $"Your newest {SelfServiceInbox.MaxListed} messages at most. \"Spam\" moves one to your Junk folder and teaches the filter that mail like it is spam for you.",
        "/inbox/spam", "spam", "Spam", "Your inbox is empty.", "The message was moved to Junk and learned as spam.");

    private static readonly ListPage Quarantine = new("Quarantine", "quarantine", """<a href="/inbox">Inbox</a>""",
        "Messages the filter held as spam because you chose quarantine. \"Not spam\" moves one to your inbox and teaches the filter.",
        "/quarantine/release", "not-spam", "Not spam", "Your quarantine is empty.", "The message was moved to your inbox and learned as not spam.");

    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        app.MapGet("/inbox", (HttpContext http, IAntiforgery antiforgery, BayesStore bayes, string? marked) =>
            Render(http, antiforgery, Inbox, new SelfServiceInbox(options.MailDirectory, bayes).List(User(http)), marked is not null)).RequireAuthorization();
        app.MapPost("/inbox/spam", async ([FromForm] string id, HttpContext http, BayesStore bayes) =>
            await new SelfServiceInbox(options.MailDirectory, bayes).MarkSpamAsync(User(http), id, http.RequestAborted)
                ? Results.Redirect("/inbox?marked=1")
                : Results.Text("no such message in your inbox\n", statusCode: StatusCodes.Status404NotFound)).RequireAuthorization();

        app.MapGet("/quarantine", (HttpContext http, IAntiforgery antiforgery, BayesStore bayes, string? released) =>
            Render(http, antiforgery, Quarantine, new SelfServiceInbox(options.MailDirectory, bayes).ListQuarantine(User(http)), released is not null)).RequireAuthorization();
        app.MapPost("/quarantine/release", async ([FromForm] string id, HttpContext http, BayesStore bayes) =>
            await new SelfServiceInbox(options.MailDirectory, bayes).ReleaseAsync(User(http), id, http.RequestAborted)
                ? Results.Redirect("/quarantine?released=1")
                : Results.Text("no such message in your quarantine\n", statusCode: StatusCodes.Status404NotFound)).RequireAuthorization();
    }

    private static IResult Render(HttpContext http, IAntiforgery antiforgery, ListPage page, IReadOnlyList<SelfServiceInbox.Message> messages, bool done) =>
        Html.Page(page.Title, $"""
            <p><a href="/">Your mailbox</a> · {page.Other}</p>
            <p>{page.Intro}</p>
            {Table(http, antiforgery, page, messages)}
            {(messages.Count == 0 ? $"<p id=\"empty\">{page.Empty}</p>" : "")}
            """, User(http), done ? page.Done : null);

    private static string User(HttpContext http) => http.User.Identity!.Name!;

    private static string Table(HttpContext http, IAntiforgery antiforgery, ListPage page, IReadOnlyList<SelfServiceInbox.Message> messages)
    {
        var rows = messages.Select(m =>
            $"<tr><td>{Html.E(m.Date)}</td><td>{Html.E(m.From)}</td><td>{Html.E(m.Subject)}</td><td>{Html.E(m.SpamScore)}</td>" +
            $"<td><form method=\"post\" action=\"{page.Action}\">{Html.Antiforgery(antiforgery, http)}" +
            $"<input type=\"hidden\" name=\"id\" value=\"{Html.E(m.Id)}\"><button class=\"{page.ButtonClass}\">{page.Button}</button></form></td></tr>");
        return $"<table id=\"{page.Id}\"><tr><th>date</th><th>from</th><th>subject</th><th>spam score</th><th></th></tr>{string.Concat(rows)}</table>";
    }
}
