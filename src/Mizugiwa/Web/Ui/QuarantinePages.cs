using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Content;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Mailbox;
using MimeKit;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The user's quarantine: the messages in their Junk folder, each with "Not spam", which moves it to
/// the inbox and teaches the user's Bayes dictionary that it is ham. Only the signed-in user's own folder.
/// </summary>
internal static class QuarantinePages
{
    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        app.MapGet("/quarantine", (HttpContext http, IAntiforgery antiforgery, string? released) =>
        {
            var junk = JunkFolder(options, http);
            var rows = Messages(junk).Select(m =>
                $"<tr><td>{Html.E(m.From)}</td><td>{Html.E(m.Subject)}</td><td>{Html.E(m.Score)}</td><td><form method=\"post\" action=\"/quarantine/release\">{Html.Antiforgery(antiforgery, http)}" +
                $"<input type=\"hidden\" name=\"file\" value=\"{Html.E(m.File)}\"><button class=\"not-spam\">Not spam</button></form></td></tr>").ToList();
            return Html.Page("Quarantine", $"""
                <p><a href="/">Your mailbox</a></p>
                <p>Messages the filter held as spam because you chose quarantine. "Not spam" moves one to your inbox and teaches the filter.</p>
                <table id="quarantine"><tr><th>from</th><th>subject</th><th>spam score</th><th></th></tr>{string.Concat(rows)}</table>
                {(rows.Count == 0 ? "<p id=\"empty\">Your quarantine is empty.</p>" : "")}
                """, http.User.Identity!.Name, released is null ? null : "The message was moved to your inbox and learned as not spam.");
        }).RequireAuthorization();

        app.MapPost("/quarantine/release", async ([FromForm] string file, HttpContext http, BayesStore bayes) =>
        {
            var junk = JunkFolder(options, http);
            var name = Path.GetFileName(file);
            var source = new[] { "new", "cur" }.Select(d => Path.Combine(junk, d, name)).FirstOrDefault(File.Exists);
            if (name != file || source is null) return Results.NotFound("no such message in your quarantine");
            var raw = await File.ReadAllBytesAsync(source, http.RequestAborted);
            await bayes.LearnAsync(ContentMessageReader.Read(raw, new ContentEnvelope(null, null, null, "", [])), spam: false, http.User.Identity!.Name, http.RequestAborted);
            var inbox = Path.Combine(Path.GetDirectoryName(junk)!, "new");
            Directory.CreateDirectory(inbox);
            File.Move(source, Path.Combine(inbox, name));
            return Results.Redirect("/quarantine?released=1");
        }).RequireAuthorization();
    }

    private static string JunkFolder(MizugiwaOptions options, HttpContext http) =>
        MaildirLayout.FolderPath(MaildirLayout.PathFor(options.MailDirectory, http.User.Identity!.Name!), "Junk");

    private sealed record Held(string File, string From, string Subject, string Score);

    private static IEnumerable<Held> Messages(string junk)
    {
        foreach (var file in new[] { "new", "cur" }.Select(d => Path.Combine(junk, d)).Where(Directory.Exists).SelectMany(Directory.GetFiles).Take(500))
        {
            HeaderList headers;
            try
            {
                using var stream = File.OpenRead(file);
                headers = HeaderList.Load(stream);
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                continue;
            }
            yield return new Held(Path.GetFileName(file), headers[HeaderId.From] ?? "", headers[HeaderId.Subject] ?? "", headers["X-Spam-Score"] ?? "");
        }
    }
}
