using Microsoft.AspNetCore.Http;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Api;

/// <summary>Writes an API caller's change to the audit log (actor "token:NAME").</summary>
internal static class ApiAudit
{
    public static Task WriteAsync(HttpContext http, SqlDirectory directory, TimeProvider time, string action, string target) =>
        directory.AddAuditAsync(new AuditEntry(time.GetUtcNow(), "token:" + ((ApiCaller)http.Items[ApiCaller.ItemKey]!).Name, action, target), http.RequestAborted);

    public static IResult BadRequest(string problem) => Results.BadRequest(new ApiError(problem));

    public static IResult NotFound(string problem) => Results.NotFound(new ApiError(problem));
}
