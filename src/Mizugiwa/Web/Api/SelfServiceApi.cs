using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mizugiwa.Core;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Api;

/// <summary>
/// The self-service API for every mailbox user (HTTP Basic with the mailbox credentials): /api/me only
/// ever reads or changes the signed-in user's own account, so one user cannot touch another's.
/// </summary>
public static class SelfServiceApi
{
    public sealed record Me(string Address, string FilterMode, string FilterModeExplained, OwnTraining Training);

    /// <summary>What the user's own marks have taught their Bayes dictionary; <paramref name="Decides"/> once it judges their mail itself.</summary>
    public sealed record OwnTraining(long SpamLearned, long HamLearned, bool Decides);
    public sealed record ListEntryRequest(string Pattern, string Kind);
    /// <summary>Where the user's mail is forwarded; no targets = off. KeepCopy: the mailbox keeps its own copy (the default).</summary>
    public sealed record ForwardingBody(IReadOnlyList<string>? Targets = null, bool? KeepCopy = null);

    public static void Map(IEndpointRouteBuilder app, ApiAuthentication authentication)
    {
        var me = app.MapGroup("/api/me").AddEndpointFilterFactory(authentication.RequireUser).WithTags("self-service");

        me.MapGet("", async (HttpContext http, SqlDirectory d, Mizugiwa.Content.Bayes.BayesStore bayes) =>
        {
            var address = Caller(http);
            var mode = await d.GetFilterModeAsync(address, http.RequestAborted);
            var (spam, ham) = await bayes.LearnedByAsync(address, http.RequestAborted);
            return new Me(address, FilterModes.Name(mode), Explain(mode), new OwnTraining(spam, ham, bayes.Options.Votes(spam, ham)));
        });
        me.MapPut("/filter-mode", async (AdminApi.FilterModeRequest body, HttpContext http, SqlDirectory d) =>
        {
            if (!FilterModes.TryParse(body.Mode, out var mode)) return AdminApi.BadMode(body.Mode);
            await d.SetFilterModeAsync(Caller(http), mode, http.RequestAborted);
            return Results.NoContent();
        });
        me.MapPost("/learn/{kind}", async (string kind, HttpContext http, Mizugiwa.Content.Bayes.BayesStore bayes) =>
        {
            if (kind is not ("spam" or "ham")) return Results.NotFound(new ApiError("learn spam or ham: POST /api/me/learn/spam or /api/me/learn/ham"));
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            if (body.Length == 0) return Results.BadRequest(new ApiError("send the whole message (message/rfc822) as the request body"));
            var outcome = await SelfServiceInbox.LearnAsync(bayes, body.ToArray(), kind == "spam", Caller(http), http.RequestAborted);
            return Results.Ok(new { learned = kind, outcome = outcome.ToString() });
        });
        me.MapGet("/forwarding", async (HttpContext http, IForwardingDirectory d) =>
        {
            var forwarding = await d.GetForwardingAsync(Caller(http), http.RequestAborted);
            return new ForwardingBody(forwarding.Targets, forwarding.KeepCopy);
        });
        me.MapPut("/forwarding", async (ForwardingBody body, HttpContext http, IForwardingDirectory d) =>
        {
            if (body.Targets is null) return Results.BadRequest(new ApiError("give targets: a list of up to 10 addresses ([] turns forwarding off)"));
            try { await d.SetForwardingAsync(Caller(http), body.Targets, body.KeepCopy ?? true, http.RequestAborted); }
            catch (DirectoryException e) { return Results.BadRequest(new ApiError(e.Message)); }
            return Results.NoContent();
        });
        me.MapGet("/inbox", (HttpContext http, Mizugiwa.Configuration.MizugiwaOptions options, Mizugiwa.Content.Bayes.BayesStore bayes, int? limit) =>
            new SelfServiceInbox(options.MailDirectory, bayes).List(Caller(http), limit ?? SelfServiceInbox.MaxListed));
        me.MapGet("/quarantine", (HttpContext http, Mizugiwa.Configuration.MizugiwaOptions options, Mizugiwa.Content.Bayes.BayesStore bayes, int? limit) =>
            new SelfServiceInbox(options.MailDirectory, bayes).ListQuarantine(Caller(http), limit ?? SelfServiceInbox.MaxListed));
        me.MapPost("/quarantine/{id}/not-spam", async (string id, HttpContext http, Mizugiwa.Configuration.MizugiwaOptions options, Mizugiwa.Content.Bayes.BayesStore bayes) =>
            await new SelfServiceInbox(options.MailDirectory, bayes).ReleaseAsync(Caller(http), id, http.RequestAborted)
                ? Results.NoContent()
                : Results.NotFound(new ApiError($"no message '{id}' in your quarantine")));
        me.MapPost("/inbox/{id}/spam", async (string id, HttpContext http, Mizugiwa.Configuration.MizugiwaOptions options, Mizugiwa.Content.Bayes.BayesStore bayes) =>
            await new SelfServiceInbox(options.MailDirectory, bayes).MarkSpamAsync(Caller(http), id, http.RequestAborted)
                ? Results.NoContent()
                : Results.NotFound(new ApiError($"no message '{id}' in your inbox")));
        me.MapGet("/lists", (HttpContext http, SqlDirectory d) => d.ListPersonalListAsync(Caller(http), http.RequestAborted));
        me.MapPut("/lists", async (ListEntryRequest body, HttpContext http, SqlDirectory d) =>
        {
            if (!Enum.TryParse<PersonalListKind>(body.Kind, ignoreCase: true, out var kind) || body.Kind.Any(char.IsDigit))
                return Results.BadRequest(new ApiError($"'{body.Kind}' must be allow or deny"));
            try { await d.SetPersonalListEntryAsync(Caller(http), kind, body.Pattern, http.RequestAborted); }
            catch (DirectoryException e) { return Results.BadRequest(new ApiError(e.Message)); }
            return Results.NoContent();
        });
        me.MapDelete("/lists/{pattern}", async (string pattern, HttpContext http, SqlDirectory d) =>
        {
            try { await d.RemovePersonalListEntryAsync(Caller(http), pattern, http.RequestAborted); }
            catch (DirectoryException e) { return Results.NotFound(new ApiError(e.Message)); }
            return Results.NoContent();
        });
        me.MapPut("/password", async (AdminApi.PasswordRequest body, HttpContext http, SqlDirectory d) =>
        {
            if (PasswordCredentials.IsBlank(body.Password)) return Results.BadRequest(new ApiError(PasswordCredentials.Blank));
            if (body.Password is not { Length: >= 8 }) return Results.BadRequest(new ApiError("the new password must have at least 8 characters"));
            await d.SetPasswordAsync(Caller(http), PasswordCredentials.Create(body.Password), http.RequestAborted);
            return Results.NoContent();
        });
    }

    private static string Caller(HttpContext http) => ((ApiCaller)http.Items[ApiCaller.ItemKey]!).Name;

    /// <summary>The plain explanation users see next to the choice.</summary>
    public static string Explain(FilterMode mode) => mode switch
    {
        FilterMode.Off => "No spam headers are added; every message is delivered to your inbox as it is.",
        FilterMode.Label => "The default: messages the filter thinks are spam are delivered with an X-Spam-Flag header your mail program can sort on. Nothing is moved or refused.",
        FilterMode.Quarantine => "You chose this: spam is delivered to your Junk folder instead of your inbox.",
        _ => "You chose this: spam sent only to people who chose the same is refused, so the sender is told; otherwise it goes to your Junk folder.",
    };
}
