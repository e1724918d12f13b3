using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mizugiwa.Hosting;
using Mizugiwa.Storage;
using Mizugiwa.Web.Admin;

namespace Mizugiwa.Web.Api;

/// <summary>Runtime settings over the API (Bearer token): list with effective values and sources, save (validated), forget. Audited.</summary>
internal static class SettingsApi
{
    public sealed record SettingRequest(string Value);

    public static void Map(IEndpointRouteBuilder app, ApiAuthentication authentication)
    {
        var admin = app.MapGroup("/api/settings").AddEndpointFilterFactory(authentication.RequireAdmin).WithTags("admin");
        admin.MapGet("", (RuntimeSettingsWatcher watcher, TimeProvider time) => new SettingsAdmin(watcher, time).List());
        admin.MapPut("/{key}", async (string key, SettingRequest body, RuntimeSettingsWatcher watcher, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            var actor = "token:" + ((ApiCaller)http.Items[ApiCaller.ItemKey]!).Name;
            if (await new SettingsAdmin(watcher, time).SetAsync(key, body.Value, actor, http.RequestAborted) is { } problem) return ApiAudit.BadRequest(problem);
            await ApiAudit.WriteAsync(http, directory, time, "setting set", $"{key} = {body.Value.Trim()}");
            return Results.NoContent();
        });
        admin.MapDelete("/{key}", async (string key, RuntimeSettingsWatcher watcher, SqlDirectory directory, TimeProvider time, HttpContext http) =>
        {
            if (!await new SettingsAdmin(watcher, time).ResetAsync(key, http.RequestAborted)) return ApiAudit.NotFound($"no saved setting '{key}'");
            await ApiAudit.WriteAsync(http, directory, time, "setting reset", key);
            return Results.NoContent();
        });
    }
}
