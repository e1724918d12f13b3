using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mizugiwa.Storage;

namespace Mizugiwa.Web;

/// <summary>
/// /healthz: 200 "ok" when the directory database answers, else 503 naming what failed (for load
/// balancers and monitoring). /metrics: the decision counters in Prometheus text format.
/// </summary>
public static class HealthEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", async (SqlDirectory directory, CancellationToken cancellationToken) =>
        {
            try
            {
                await directory.ListDomainsAsync(cancellationToken);
                return Results.Text("ok\n");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Results.Text($"directory: {e.Message}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        app.MapGet("/metrics", (DecisionMetrics metrics) =>
            Results.Text(metrics.RenderPrometheus(), "text/plain; version=0.0.4; charset=utf-8"));
    }
}
