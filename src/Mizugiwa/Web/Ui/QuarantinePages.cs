using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The user's quarantine: the messages in their Junk folder, each with "Not spam", which moves it to
/// the inbox and teaches the user's Bayes dictionary that it is ham. Only the signed-in user's own folder.
/// </summary>
internal static class QuarantinePages
{
    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        app.MapGet("/quarantine", (HttpContext http, IAntiforgery antiforgery, BayesStore bayes, string? released) =>
        {
            var held = new SelfServiceInbox(options.MailDirectory, bayes).ListQuarantine(http.User.Identity!.Name!);
            var rows = held.Select(m =>
                $"<tr><td>{Html.E(m.From)}</td><td>{Html.E(m.Subject)}</td><td>{Html.E(m.SpamScore)}</td><td><form method=\"post\" action=\"/quarantine/release\">{Html.Antiforgery(antiforgery, http)}" +
                $"<input type=\"hidden\" name=\"id\" value=\"{Html.E(m.Id)}\"><button class=\"not-spam\">Not spam</button></form></td></tr>");
            return Html.Page("Quarantine", $"""
                <p><a href="/">Your mailbox</a></p>
                <p>Messages the filter held as spam because you chose quarantine. "Not spam" moves one to your inbox and teaches the filter.</p>
                <table id="quarantine"><tr><th>from</th><th>subject</th><th>spam score</th><th></th></tr>{string.Concat(rows)}</table>
                {(held.Count == 0 ? "<p id=\"empty\">Your quarantine is empty.</p>" : "")}
                """, http.User.Identity!.Name, released is null ? null : "The message was moved to your inbox and learned as not spam.");
        }).RequireAuthorization();

        app.MapPost("/quarantine/release", async ([FromForm] string id, HttpContext http, BayesStore bayes) =>
            await new SelfServiceInbox(options.MailDirectory, bayes).ReleaseAsync(http.User.Identity!.Name!, id, http.RequestAborted)
                ? Results.Redirect("/quarantine?released=1")
                : Results.NotFound("no such message in your quarantine")).RequireAuthorization();
    }
}
