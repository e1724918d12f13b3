using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Access;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Harvest;
using Mizugiwa.Storage;
using Mizugiwa.Web.Admin;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The flow limits (per address and per network) and the harvest thresholds as configured, and for an
/// address the admin types in its counters against them (what <c>mizugiwa limits show</c> prints),
/// with one-click reset (clear its counters, lift its blocks) and "trust this client". Changes are audited.
/// </summary>
internal static class AdminLimitsPages
{
    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        const string admins = SignInPages.AdminPolicy;
        var access = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IAccessRuleStore>(app.Services);
        // The limits in force (runtime settings change them).
        var flowControl = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<FlowControl>(app.Services);
        // The guard's thresholds in force (runtime settings change them).
        var guard = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<HarvestGuard>(app.Services);

        app.MapGet("/admin/limits", async (HttpContext http, IAntiforgery antiforgery, IStateStore store, TimeProvider time, string? ip, string? notice) =>
        {
            var flow = flowControl.Options;
            var limits = new LimitsAdmin(store, flow, guard.Options, access, time);
            var client = "";
            if (!string.IsNullOrWhiteSpace(ip))
            {
                if (!IPAddress.TryParse(ip.Trim(), out var address)) notice = $"'{ip}' is not an IP address";
                else client = Client(http, antiforgery, await limits.DescribeAsync(address, http.RequestAborted), options.State.UsesRedis);
            }
            return Html.Page("Flow limits", $"""
                {AdminOperationsPages.Navigation}
                <h2>Limits</h2>
                <table id="limits"><tr><th></th><th>per address</th><th>per network (/24, /64)</th></tr>
                <tr><td>concurrent connections</td><td>{Limit(flow.PerAddress.Concurrent)}</td><td>{Limit(flow.PerNetwork.Concurrent)}</td></tr>
                <tr><td>connections / {Span(flow.PerAddress.ConnectionWindow)}</td><td>{Limit(flow.PerAddress.Connections)}</td><td>{Limit(flow.PerNetwork.Connections)}</td></tr>
                <tr><td>messages / {Span(flow.PerAddress.MessageWindow)}</td><td>{Limit(flow.PerAddress.Messages)}</td><td>{Limit(flow.PerNetwork.Messages)}</td></tr>
                <tr><td>recipients / {Span(flow.PerAddress.RecipientWindow)}</td><td>{Limit(flow.PerAddress.Recipients)}</td><td>{Limit(flow.PerNetwork.Recipients)}</td></tr>
                <tr><td>unknown recipients / {Span(guard.Options.PerAddress.Window)} (harvest guard)</td><td>{Limit(guard.Options.PerAddress.UnknownRecipients)}</td><td>{Limit(guard.Options.PerNetwork.UnknownRecipients)}</td></tr>
                <tr><td>RCPT-only transactions / {Span(guard.Options.PerAddress.Window)} (harvest guard)</td><td>{Limit(guard.Options.PerAddress.RcptOnlyTransactions)}</td><td>{Limit(guard.Options.PerNetwork.RcptOnlyTransactions)}</td></tr>
                </table>
                <p><small>Flow control {(options.Checks.Flow.Enabled ? "on" : "off")}, harvest guard {(options.Checks.Harvest.Enabled ? "on" : "off")}; a harvest block lasts {Span(guard.Options.BaseBlock)} at first, at most {Span(guard.Options.MaxBlock)}. Exempt: {Html.E(string.Join(", ", options.Checks.EffectiveTrustedNetworks))} (Checks:TrustedNetworks){Also("flow control", flow.TrustedNetworks)}{Also("harvest guard", guard.Options.TrustedNetworks)}.</small></p>
                <h2>One client</h2>
                <form method="get" action="/admin/limits"><label>IP address <input name="ip" id="limits-ip" value="{Html.E(ip)}" required></label><button id="show-limits">Show counters</button></form>
                {client}
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(admins);

        app.MapPost("/admin/limits/reset", async ([FromForm] string ip, HttpContext http, IStateStore store, SqlDirectory directory, TimeProvider time) =>
        {
            if (!IPAddress.TryParse(ip, out var address)) return AuditedChange.Back("/admin/limits", $"'{ip}' is not an IP address");
            var reset = await new LimitsAdmin(store, flowControl.Options, guard.Options, access, time).ResetAsync(address, http.RequestAborted);
            await AuditedChange.AuditAsync(http, directory, time, "limits reset", ip);
            return Results.Redirect($"/admin/limits?ip={Uri.EscapeDataString(ip)}&notice=" + Uri.EscapeDataString(
                $"{ip}: counters cleared ({reset.CountersCleared} had counts)" + (reset.Released.Count == 0 ? ", no block" : $", released {string.Join(", ", reset.Released)}")));
        }).RequireAuthorization(admins);
        app.MapPost("/admin/limits/whitelist", async ([FromForm] string ip, HttpContext http, IStateStore store, SqlDirectory directory, TimeProvider time) =>
        {
            if (!IPAddress.TryParse(ip, out var address)) return AuditedChange.Back("/admin/limits", $"'{ip}' is not an IP address");
            await new LimitsAdmin(store, flowControl.Options, guard.Options, access, time).WhitelistAsync(address, http.RequestAborted);
            await AuditedChange.AuditAsync(http, directory, time, "access add client allow", ip);
            return Results.Redirect($"/admin/limits?ip={Uri.EscapeDataString(ip)}&notice=" + Uri.EscapeDataString($"{ip} is trusted now (access list allow entry)"));
        }).RequireAuthorization(admins);
    }

    private static string Span(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0} h"
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? $"{span.TotalMinutes:0} min" : $"{span.TotalSeconds:0.###} s";

    private static string Also(string what, IReadOnlyList<System.Net.IPNetwork> networks) =>
        networks.Count == 0 ? "" : $"; {what} also {Html.E(string.Join(", ", networks))}";

    private static string Limit(int limit) => limit > 0 ? limit.ToString(System.Globalization.CultureInfo.InvariantCulture) : "off";

    private static string Client(HttpContext http, IAntiforgery antiforgery, LimitsView view, bool liveCounts)
    {
        static string Rows(IEnumerable<LimitUsage> usages) => string.Concat(usages.Select(u =>
            $"<tr{(u.Reached ? " class=\"error\"" : "")}><td>{Html.E(u.Scope)}</td><td>{Html.E(u.Name)}{(u.Window is { } w ? " / " + Span(w) : "")}</td>" +
            $"<td>{u.Current}</td><td>{Limit((int)Math.Min(u.Limit, int.MaxValue))}</td><td>{(u.Reached ? "REACHED" : "")} {Html.E(u.Note)}</td></tr>"));
        var button = (string action, string id, string label) =>
            $"<form method=\"post\" action=\"{action}\" style=\"display:inline\">{Html.Antiforgery(antiforgery, http)}<input type=\"hidden\" name=\"ip\" value=\"{Html.E(view.Address)}\"><button id=\"{id}\">{label}</button></form>";
        return $"""
            <h3 id="limits-client">{Html.E(view.Address)} (network {Html.E(view.Network)})</h3>
            {(liveCounts ? "" : "<p><small>The embedded state store keeps counters in this server's memory: these are this node's counts.</small></p>")}
            {(view.FlowExemptBy is { } f ? $"<p>Flow control: exempt (trusted network {Html.E(f)})</p>" : "")}
            {(view.HarvestExemptBy is { } h ? $"<p>Harvest guard: exempt (trusted network {Html.E(h)})</p>" : "")}
            <table id="limits-usage"><tr><th>scope</th><th>counter</th><th>now</th><th>limit</th><th></th></tr>{Rows(view.Flow)}{Rows(view.Harvest)}</table>
            <p id="limits-block">Block: {Html.E(view.Block ?? "none")}</p>
            {button("/admin/limits/reset", "reset-limits", "Reset its counters and blocks")} {button("/admin/limits/whitelist", "whitelist-client", "Trust this client")}
            """;
    }
}
