using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Web.Admin;

namespace Mizugiwa.Web.Ui;

/// <summary>The Bayes dictionaries, as <c>mizugiwa bayes stats</c> shows them: what each has learned and whether it judges mail.</summary>
internal static class AdminBayesPage
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/admin/bayes", async (HttpContext http, BayesStore bayes) =>
        {
            var o = bayes.Options;
            var rows = (await BayesAdmin.ListAsync(bayes, http.RequestAborted)).Select(d =>
                $"<tr><td>{Html.E(d.User ?? "(global)")}</td><td>{d.SpamLearned}</td><td>{d.HamLearned}</td><td>{d.Tokens}</td>" +
                $"<td>{(d.Votes ? "yes" : "no")}</td><td>{(d.LogisticVotes ? "yes" : "no")}</td></tr>");
            return Html.Page("Bayes", $"""
                {AdminOperationsPages.Navigation}
                <p>The global dictionary judges everyone's mail; a user's own dictionary (filled by their "Spam" and "Not spam") judges theirs once it has learned {o.MinSpamLearned} spam and {o.MinHamLearned} ham. Train the global one with <code>mizugiwa bayes train --spam PATH --ham PATH</code>.</p>
                <table id="bayes"><tr><th>dictionary</th><th>spam</th><th>ham</th><th>tokens</th><th>judges mail</th><th>logistic vote</th></tr>{string.Concat(rows)}</table>
                """, http.User.Identity!.Name);
        }).RequireAuthorization(SignInPages.AdminPolicy);
    }
}
