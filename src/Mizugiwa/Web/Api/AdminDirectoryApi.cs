using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mizugiwa.Configuration;
using Mizugiwa.Policy.Access;
using Mizugiwa.Storage;
using Mizugiwa.Storage.Import;

namespace Mizugiwa.Web.Api;

/// <summary>The admin API for aliases, the access lists (the Rgrey whitelists) and the CSV account import. Every change is audited.</summary>
public static class AdminDirectoryApi
{
    public sealed record AliasRequest(string Address, string Target);
    public sealed record AccessRequest(string Kind, string Pattern, string Action, string? Note = null);
    public sealed record AccessView(string Kind, string Pattern, string Action, string? Note);
    /// <summary>What an import did or would do: applied is false for a dry run and for a file with a bad line (then nothing changed).</summary>
    public sealed record ImportResult(bool Applied, int Added, string Summary, IReadOnlyList<string> Lines);

    public static void Map(IEndpointRouteBuilder app, ApiAuthentication authentication, MizugiwaOptions options)
    {
        var admin = app.MapGroup("/api").AddEndpointFilterFactory(authentication.RequireAdmin).WithTags("admin");
        var access = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IAccessRuleStore>(app.ServiceProvider);

        admin.MapGet("/aliases", async (string? domain, SqlDirectory d, CancellationToken ct) =>
        {
            try { return Results.Ok(await d.ListAliasesAsync(domain, ct)); }
            catch (DirectoryException e) { return Results.NotFound(new ApiError(e.Message)); }
        });
        admin.MapPost("/aliases", (AliasRequest body, SqlDirectory d, HttpContext http, TimeProvider time) =>
            AdminApi.Change(http, d, time, "alias add", $"{body.Address} -> {body.Target}", ct => d.AddAliasAsync(body.Address, body.Target, ct), StatusCodes.Status201Created));
        admin.MapDelete("/aliases/{address}/{target}", (string address, string target, SqlDirectory d, HttpContext http, TimeProvider time) =>
            AdminApi.Change(http, d, time, "alias remove", $"{address} -> {target}", ct => d.RemoveAliasAsync(address, target, ct)));

        admin.MapGet("/access", async (CancellationToken ct) =>
            (await access.ListAsync(ct)).Select(r => new AccessView(AccessNames.Of(r.Kind), r.Pattern, AccessNames.Of(r.Action), r.Note)));
        admin.MapPost("/access", async (AccessRequest body, SqlDirectory d, HttpContext http, TimeProvider time) =>
        {
            if (!AccessNames.TryParseKind(body.Kind, out var kind)) return ApiAudit.BadRequest($"kind '{body.Kind}' must be client, clientname, sender or recipient");
            if (!AccessNames.TryParseAction(body.Action, out var action))
                return ApiAudit.BadRequest($"action '{body.Action}' must be allow or deny");
            if (AccessRule.Validate(kind, body.Pattern) is { } problem) return ApiAudit.BadRequest(problem);
            await access.AddAsync(new AccessRule(kind, body.Pattern, action, string.IsNullOrWhiteSpace(body.Note) ? null : body.Note), http.RequestAborted);
            await ApiAudit.WriteAsync(http, d, time, $"access add {AccessNames.Of(kind)} {AccessNames.Of(action)}", body.Pattern);
            return Results.StatusCode(StatusCodes.Status201Created);
        });
        admin.MapDelete("/access/{kind}/{*pattern}", async (string kind, string pattern, SqlDirectory d, HttpContext http, TimeProvider time) =>
        {
            if (!AccessNames.TryParseKind(kind, out var k)) return ApiAudit.BadRequest($"kind '{kind}' must be client, clientname, sender or recipient");
            if (!await access.RemoveAsync(k, pattern, http.RequestAborted)) return ApiAudit.NotFound($"no {AccessNames.Of(k)} entry for {pattern}");
            await ApiAudit.WriteAsync(http, d, time, $"access remove {AccessNames.Of(k)}", pattern);
            return Results.NoContent();
        });

        admin.MapPost("/accounts/import", async (bool? dryRun, SqlDirectory d, HttpContext http, TimeProvider time) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            if (body.Length == 0) return ApiAudit.BadRequest("send the CSV file (text/csv) as the request body");
            var outcome = await new AccountImporter(d).RunAsync(body.ToArray(), dryRun == true, null, http.RequestAborted);
            var lines = outcome.Plan.Lines.Select(l => l.ToString()).ToList();
            if (outcome.Status == AccountImportStatus.Applied)
                await ApiAudit.WriteAsync(http, d, time, "account import", $"{outcome.Added} account(s)");
            return outcome.Status switch
            {
                AccountImportStatus.Invalid => Results.BadRequest(new ImportResult(false, 0, outcome.Plan.Summary, lines)),
                AccountImportStatus.Checked => Results.Ok(new ImportResult(false, 0, outcome.Plan.Summary, lines)),
                AccountImportStatus.Refused => Results.Conflict(new ImportResult(false, 0, $"nothing was imported: {outcome.Failure}", lines)),
                _ => Results.Ok(new ImportResult(true, outcome.Added, $"imported {outcome.Added} account(s)", lines)),
            };
        });
    }


}
