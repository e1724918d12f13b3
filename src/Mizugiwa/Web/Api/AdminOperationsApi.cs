using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mizugiwa.Configuration;
using Mizugiwa.Core.State;
using Mizugiwa.Delivery.Admin;
using Mizugiwa.Delivery.Dkim;
using Mizugiwa.Policy.Access;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Greylist;
using Mizugiwa.Policy.Harvest;
using Mizugiwa.Storage;
using Mizugiwa.Web.Admin;

namespace Mizugiwa.Web.Api;

/// <summary>
/// The admin API's operations (Bearer token): harvest blocks, the mail queue, greylist entries, flow
/// limits and one client's counters, DKIM keys. The same actions as the admin pages; every change is audited.
/// </summary>
public static class AdminOperationsApi
{
    public sealed record BlockView(string Source, DateTimeOffset Until, int Offence, string Reason);
    public sealed record GreylistEntryView(string Client, string Sender, string Recipient, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int Passed);
    public sealed record GreylistListView(int Total, int Page, int PageSize, IReadOnlyList<GreylistEntryView> Entries);
    public sealed record TripletRequest(string Client, string Sender, string Recipient);
    public sealed record ClientRequest(string Client);
    public sealed record LimitsConfigView(FlowLimits PerAddress, FlowLimits PerNetwork, HarvestThresholds HarvestPerAddress, HarvestThresholds HarvestPerNetwork,
        IReadOnlyList<string> TrustedNetworks);
    public sealed record DkimKeyRequest(string Domain, string Selector, string? Algorithm = null);

    public static void Map(IEndpointRouteBuilder app, ApiAuthentication authentication, MizugiwaOptions options)
    {
        var admin = app.MapGroup("/api").AddEndpointFilterFactory(authentication.RequireAdmin).WithTags("admin");
        // The guard's thresholds in force (runtime settings change them).
        var guard = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<HarvestGuard>(app.ServiceProvider);
        // The limits in force (runtime settings change them).
        var flowControl = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<FlowControl>(app.ServiceProvider);
        var access = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IAccessRuleStore>(app.ServiceProvider);
        var queue = new QueueAdmin(options.SpoolDirectory);
        var keys = DkimKeyStore.ForDataDirectory(options.DataDirectory);

        admin.MapGet("/blocks", async (IStateStore store, TimeProvider time, CancellationToken ct) =>
            (await new BlockRegistry(store, guard.Options, time).ListBlocksAsync(ct)).Select(b => new BlockView(b.Source.Text, b.ExpiresAt, b.Level, b.Reason)));
        admin.MapDelete("/blocks/{*source}", async (string source, IStateStore store, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            if (!SourceScope.TryParse(source, out var scope)) return ApiAudit.BadRequest($"'{source}' is not an address or network");
            if (!await new BlockRegistry(store, guard.Options, time).ReleaseAsync(scope, http.RequestAborted)) return ApiAudit.NotFound($"no block for {source}");
            await ApiAudit.WriteAsync(http, directory, time, "block release", source);
            return Results.NoContent();
        });

        admin.MapGet("/queue", () => queue.List());
        admin.MapGet("/queue/{id}", (string id) => queue.Show(id) is { } message ? Results.Ok(message) : ApiAudit.NotFound($"no message {id} in the queue"));
        admin.MapPost("/queue/flush", async (SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            queue.RequestFlush();
            await ApiAudit.WriteAsync(http, directory, time, "queue flush", "all");
            return Results.Accepted();
        });
        admin.MapPost("/queue/{id}/{action}", async (string id, string action, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            bool? done = action switch { "hold" => queue.Hold(id), "release" => queue.Release(id), _ => null };
            if (done is null) return ApiAudit.NotFound("POST /api/queue/{id}/hold or /api/queue/{id}/release");
            if (done == false) return ApiAudit.NotFound($"could not {action} {id}: no such message (or not in that state)");
            await ApiAudit.WriteAsync(http, directory, time, $"queue {action}", id);
            return Results.NoContent();
        });
        admin.MapDelete("/queue/{id}", async (string id, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            if (!queue.Delete(id)) return ApiAudit.NotFound($"no message {id} in the queue");
            await ApiAudit.WriteAsync(http, directory, time, "queue delete", id);
            return Results.NoContent();
        });

        admin.MapGet("/greylist", async (string? client, string? sender, string? recipient, int? page, int? pageSize, IGreylistStore store, TimeProvider time, CancellationToken ct) =>
        {
            var query = new GreylistQuery(client, sender, recipient, Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 50, 1, GreylistQuery.MaxPageSize));
            var result = await new GreylistAdmin(store, access, time).ListAsync(query, ct);
            return new GreylistListView(result.Total, query.Page, query.PageSize, [.. result.Records.Select(View)]);
        });
        admin.MapPost("/greylist/release", async (TripletRequest body, IGreylistStore store, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            var key = new GreylistKey(body.Client ?? "", body.Sender ?? "", body.Recipient ?? "");
            if (await new GreylistAdmin(store, access, time).ReleaseAsync(key, http.RequestAborted) is { } problem) return ApiAudit.NotFound(problem);
            await ApiAudit.WriteAsync(http, directory, time, "greylist release", key.ToString());
            return Results.NoContent();
        });
        admin.MapPost("/greylist/whitelist", async (ClientRequest body, IGreylistStore store, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            if (await new GreylistAdmin(store, access, time).WhitelistAsync(body.Client ?? "", http.RequestAborted) is { } problem) return ApiAudit.BadRequest(problem);
            var rule = GreylistAdmin.WhitelistRule(body.Client!.Trim());
            await ApiAudit.WriteAsync(http, directory, time, $"access add {rule.Kind.ToString().ToLowerInvariant()} allow", rule.Pattern);
            return Results.NoContent();
        });

        admin.MapGet("/limits", () => new LimitsConfigView(flowControl.Options.PerAddress, flowControl.Options.PerNetwork, guard.Options.PerAddress, guard.Options.PerNetwork,
            [.. flowControl.Options.TrustedNetworks.Select(n => n.ToString())]));
        admin.MapGet("/limits/{ip}", async (string ip, IStateStore store, TimeProvider time, CancellationToken ct) =>
            !IPAddress.TryParse(ip, out var address) ? ApiAudit.BadRequest($"'{ip}' is not an IP address")
            : Results.Ok(await new LimitsAdmin(store, flowControl.Options, guard.Options, access, time).DescribeAsync(address, ct)));
        admin.MapDelete("/limits/{ip}", async (string ip, IStateStore store, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            if (!IPAddress.TryParse(ip, out var address)) return ApiAudit.BadRequest($"'{ip}' is not an IP address");
            var reset = await new LimitsAdmin(store, flowControl.Options, guard.Options, access, time).ResetAsync(address, http.RequestAborted);
            await ApiAudit.WriteAsync(http, directory, time, "limits reset", ip);
            return Results.Ok(reset);
        });
        admin.MapPost("/limits/{ip}/whitelist", async (string ip, IStateStore store, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            if (!IPAddress.TryParse(ip, out var address)) return ApiAudit.BadRequest($"'{ip}' is not an IP address");
            await new LimitsAdmin(store, flowControl.Options, guard.Options, access, time).WhitelistAsync(address, http.RequestAborted);
            await ApiAudit.WriteAsync(http, directory, time, "access add client allow", ip);
            return Results.NoContent();
        });

        admin.MapGet("/bayes", (Content.Bayes.BayesStore bayes, CancellationToken ct) => BayesAdmin.ListAsync(bayes, ct));

        admin.MapGet("/dkim", () => keys.List().Select(DkimKeyView.Of));
        admin.MapPost("/dkim", async (DkimKeyRequest body, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            var (key, problem) = DkimAdmin.Generate(keys, body.Domain, body.Selector, body.Algorithm);
            if (key is null) return ApiAudit.BadRequest(problem!);
            await ApiAudit.WriteAsync(http, directory, time, $"dkim keygen {key.Algorithm}", $"{key.Domain} {key.Selector}");
            return Results.Created($"/api/dkim/{key.Domain}/{key.Selector}", key);
        });
        admin.MapDelete("/dkim/{domain}/{selector}", async (string domain, string selector, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            var (key, problem) = DkimAdmin.Remove(keys, domain, selector);
            if (key is null) return ApiAudit.NotFound(problem!);
            await ApiAudit.WriteAsync(http, directory, time, "dkim remove", $"{domain} {selector}");
            return Results.NoContent();
        });
    }

    private static GreylistEntryView View(GreylistRecord r) =>
        new(r.Key.Client, r.Key.Sender, r.Key.Recipient, r.Entry.FirstSeen, r.Entry.LastSeen, r.Entry.PassedCount);
}
