using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The user's recent inbox messages, newest first, each with "Spam": it teaches the user's Bayes
/// dictionary and moves the message to Junk (<see cref="SelfServiceInbox"/>, as POST /api/me/inbox/{id}/spam).
/// Only the signed-in user's own inbox.
/// </summary>
internal static class InboxPages
{
    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        app.MapGet("/inbox", (HttpContext http, IAntiforgery antiforgery, BayesStore bayes, string? marked) =>
        {
            var messages = new SelfServiceInbox(options.MailDirectory, bayes).List(http.User.Identity!.Name!);
            var rows = messages.Select(m =>
                $"<tr><td>{Html.E(m.Date)}</td><td>{Html.E(m.From)}</td><td>{Html.E(m.Subject)}</td><td><form method=\"post\" action=\"/inbox/spam\">{Html.Antiforgery(antiforgery, http)}" +
                $"<input type=\"hidden\" name=\"id\" value=\"{Html.E(m.Id)}\"><button class=\"spam\">Spam</button></form></td></tr>").ToList();
            return Html.Page("Inbox", $"""
                <p><a href="/">Your mailbox</a> · <a href="/quarantine">Quarantine (Junk)</a></p>
                <p>Your newest {SelfServiceInbox.MaxListed} messages at most. "Spam" moves one to your Junk folder and teaches the filter that mail like it is spam for you.</p>
                <table id="inbox"><tr><th>date</th><th>from</th><th>subject</th><th></th></tr>{string.Concat(rows)}</table>
                {(rows.Count == 0 ? "<p id=\"empty\">Your inbox is empty.</p>" : "")}
                """, http.User.Identity!.Name, marked is null ? null : "The message was moved to Junk and learned as spam.");
        }).RequireAuthorization();

        app.MapPost("/inbox/spam", async ([FromForm] string id, HttpContext http, BayesStore bayes) =>
            await new SelfServiceInbox(options.MailDirectory, bayes).MarkSpamAsync(http.User.Identity!.Name!, id, http.RequestAborted)
                ? Results.Redirect("/inbox?marked=1")
                : Results.NotFound("no such message in your inbox")).RequireAuthorization();
    }
}
