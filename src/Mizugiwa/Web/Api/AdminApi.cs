using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mizugiwa.Core;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Api;

/// <summary>The admin API (Bearer token): domains, accounts and their filter modes, the transaction log, the audit log. Every change is audited.</summary>
public static class AdminApi
{
    public sealed record DomainRequest(string Name);
    public sealed record AccountRequest(string Address, string Password);
    public sealed record PasswordRequest(string Password);
    public sealed record FilterModeRequest(string Mode);
    public sealed record DisabledRequest(bool Disabled);
    public sealed record DisplayNameRequest(string? DisplayName);
    public sealed record QuotaRequest(string? Quota);
    public sealed record ForwardingRequest(IReadOnlyList<string>? Targets = null, bool? KeepCopy = null);

    /// <summary>One account as the admin sees it; <see cref="Quota"/> is the account's own (e.g. "500M"), null when the default applies.</summary>
    public sealed record AccountView(string Address, string? DisplayName, string FilterMode, bool Disabled, string? Quota, IReadOnlyList<string> Forward, bool ForwardKeepCopy)
    {
        public static AccountView Of(AccountDetails a) => new(a.Address, a.DisplayName, FilterModes.Name(a.FilterMode), a.Disabled,
            a.QuotaBytes is { } bytes ? QuotaSize.Format(bytes) : null, a.Forward, a.ForwardKeepCopy);
    }

    public static void Map(IEndpointRouteBuilder app, ApiAuthentication authentication)
    {
        var admin = app.MapGroup("/api").AddEndpointFilterFactory(authentication.RequireAdmin).WithTags("admin");

        admin.MapGet("/domains", (SqlDirectory d, CancellationToken ct) => d.ListDomainsAsync(ct));
        admin.MapPost("/domains", (DomainRequest body, SqlDirectory d, HttpContext http, TimeProvider time) =>
            Change(http, d, time, "domain add", body.Name, ct => d.AddDomainAsync(body.Name, ct), StatusCodes.Status201Created));
        admin.MapDelete("/domains/{name}", (string name, SqlDirectory d, HttpContext http, TimeProvider time) =>
            Change(http, d, time, "domain remove", name, ct => d.RemoveDomainAsync(name, force: false, ct)));

        admin.MapGet("/accounts", async (string? domain, SqlDirectory d, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok((await d.ListAccountDetailsAsync(domain, ct)).Select(AccountView.Of).ToList());
            }
            catch (DirectoryException e)
            {
                return Results.NotFound(new ApiError(e.Message));
            }
        });
        admin.MapPost("/accounts", (AccountRequest body, SqlDirectory d, HttpContext http, TimeProvider time) =>
            Change(http, d, time, "account add", body.Address, ct => d.AddAccountAsync(body.Address, PasswordCredentials.Create(body.Password), ct), StatusCodes.Status201Created));
        admin.MapDelete("/accounts/{address}", (string address, SqlDirectory d, HttpContext http, TimeProvider time) =>
            Change(http, d, time, "account remove", address, ct => d.RemoveAccountAsync(address, ct)));
        admin.MapPut("/accounts/{address}/password", (string address, PasswordRequest body, SqlDirectory d, HttpContext http, TimeProvider time) =>
            Change(http, d, time, "account passwd", address, ct => d.SetPasswordAsync(address, PasswordCredentials.Create(body.Password), ct)));
        admin.MapPut("/accounts/{address}/filter-mode", (string address, FilterModeRequest body, SqlDirectory d, HttpContext http, TimeProvider time) =>
            !FilterModes.TryParse(body.Mode, out var mode) ? Task.FromResult(BadMode(body.Mode))
            : Change(http, d, time, $"account filter {FilterModes.Name(mode)}", address, ct => d.SetFilterModeAsync(address, mode, ct)));
        admin.MapPut("/accounts/{address}/display-name", (string address, DisplayNameRequest body, SqlDirectory d, HttpContext http, TimeProvider time) =>
            Change(http, d, time, "account name", address, ct => d.SetDisplayNameAsync(address, body.DisplayName, ct)));
        admin.MapPut("/accounts/{address}/disabled", (string address, DisabledRequest body, SqlDirectory d, HttpContext http, TimeProvider time) =>
            Change(http, d, time, body.Disabled ? "account disable" : "account enable", address, ct => d.SetDisabledAsync(address, body.Disabled, ct)));
        admin.MapPut("/accounts/{address}/quota", (string address, QuotaRequest body, SqlDirectory d, HttpContext http, TimeProvider time) =>
            Change(http, d, time, $"account quota {body.Quota ?? "none"}", address,
                ct => d.SetQuotaAsync(address, QuotaSize.ParseOptional(body.Quota), ct)));
        admin.MapPut("/accounts/{address}/forwarding", (string address, ForwardingRequest body, SqlDirectory d, HttpContext http, TimeProvider time) =>
            body.Targets is null ? Task.FromResult(Results.BadRequest(new ApiError("give targets: a list of up to 10 addresses ([] turns forwarding off)")))
            : Change(http, d, time, $"account forward {string.Join(' ', body.Targets)}", address, ct => d.SetForwardingAsync(address, body.Targets, body.KeepCopy ?? true, ct)));

        admin.MapGet("/log/search", (string? ip, string? from, string? to, string? queue, string? check, string? outcome, string? stage,
                DateTimeOffset? since, DateTimeOffset? until, int? limit, IDecisionLogReader log, CancellationToken ct) =>
            outcome is not null && !DecisionLogQuery.Outcomes.Contains(outcome)
                ? Task.FromResult<IResult>(Results.BadRequest(new ApiError($"outcome '{outcome}' must be accepted, deferred or rejected")))
                : Search(log, new DecisionLogQuery
                {
                    ClientAddress = ip, Sender = from, Recipient = to, QueueId = queue, Check = check, Outcome = outcome, Stage = stage,
                    Since = since, Until = until, Limit = Math.Clamp(limit ?? 100, 1, 10_000),
                }, ct));
        admin.MapGet("/log/story/{queueId}", (string queueId, IDecisionLogReader log, CancellationToken ct) => log.StoryAsync(queueId, ct));
        admin.MapGet("/audit", (int? limit, SqlDirectory d, CancellationToken ct) => d.ListAuditAsync(Math.Clamp(limit ?? 100, 1, 10_000), ct));
    }

    public static IResult BadMode(string? mode) => Results.BadRequest(new ApiError($"'{mode}' is not a filter mode (off, label, quarantine or reject)"));

    private static async Task<IResult> Search(IDecisionLogReader log, DecisionLogQuery query, CancellationToken ct) => Results.Ok(await log.SearchAsync(query, ct));

    /// <summary>Runs a directory change, audits it, and turns a refusal into 400/404/409 with the reason.</summary>
    internal static async Task<IResult> Change(HttpContext http, SqlDirectory directory, TimeProvider time, string action, string target,
        Func<CancellationToken, Task> change, int successStatus = StatusCodes.Status204NoContent)
    {
        var actor = (ApiCaller)http.Items[ApiCaller.ItemKey]!;
        try
        {
            await change(http.RequestAborted);
        }
        catch (DirectoryException e)
        {
            var status = e.Message.Contains("does not exist", StringComparison.Ordinal) ? StatusCodes.Status404NotFound
                : e.Message.Contains("already", StringComparison.Ordinal) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return Results.Json(new ApiError(e.Message), statusCode: status);
        }
        await directory.AddAuditAsync(new AuditEntry(time.GetUtcNow(), "token:" + actor.Name, action, target), http.RequestAborted);
        return Results.StatusCode(successStatus);
    }
}
