using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The admin dashboard: for the last 24 hours (per hour) and the last 7 days (per day), connections,
/// accepted messages, rejections and deferrals, greylisting, harvest-guard answers and spam, counted
/// from the transaction log of all nodes. Charts are inline SVG: no script, nothing fetched.
/// </summary>
internal static class DashboardPage
{
    private sealed record Series(string Name, string Id, Func<DecisionCount, bool> Counts);

    private static readonly Series[] AllSeries =
    [
        new("connections", "connections", c => c.Stage == "CONNECT"),
        new("accepted messages", "accepted", c => c.Stage == "DATA" && c.ReplyClass == '2'),
        new("rejected (5xx)", "rejected", c => c.Stage != "DELIVERY" && c.ReplyClass == '5'),
        new("deferred (4xx)", "deferred", c => c.Stage != "DELIVERY" && c.ReplyClass == '4'),
        new("greylisted", "greylisted", c => c.Check == "rgrey" && c.ReplyClass == '4'),
        new("harvest guard", "harvest", c => c.Check == "harvest"),
        new("spam", "spam", c => c.Spam),
    ];

    public static void Map(WebApplication app) =>
        app.MapGet("/admin/dashboard", async (HttpContext http, IDecisionLogReader log, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var thisHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            var counts = await log.CountByHourAsync(thisHour.AddDays(-7), http.RequestAborted);
            var hours = Enumerable.Range(0, 24).Select(i => thisHour.AddHours(i - 23)).ToList();
            var days = Enumerable.Range(0, 7).Select(i => thisHour.Date.AddDays(i - 6)).ToList();
            var body = new StringBuilder(AdminOperationsPages.Navigation);
            body.Append("<h2>Last 24 hours</h2>");
            foreach (var series in AllSeries)
            {
                var perHour = hours.Select(h => counts.Where(c => c.Hour == h && series.Counts(c)).Sum(c => c.Count)).ToList();
                body.Append(CultureInfo.InvariantCulture, $"<h3>{Html.E(series.Name)}: {perHour.Sum()}</h3>").Append(Chart(series.Id, perHour));
            }
            body.Append("<h2>Last 7 days</h2>");
            foreach (var series in AllSeries)
            {
                var perDay = days.Select(d => counts.Where(c => c.Hour.UtcDateTime.Date == d && series.Counts(c)).Sum(c => c.Count)).ToList();
                body.Append(CultureInfo.InvariantCulture, $"<h3>{Html.E(series.Name)}: {perDay.Sum()}</h3>").Append(Chart("days-" + series.Id, perDay));
            }
            body.Append("<table id=\"days\"><tr><th>day (UTC)</th>");
            foreach (var series in AllSeries) body.Append(CultureInfo.InvariantCulture, $"<th>{Html.E(series.Name)}</th>");
            body.Append("</tr>");
            foreach (var day in days)
            {
                body.Append(CultureInfo.InvariantCulture, $"<tr><td>{day:yyyy-MM-dd}</td>");
                foreach (var series in AllSeries)
                    body.Append(CultureInfo.InvariantCulture, $"<td>{counts.Where(c => c.Hour.UtcDateTime.Date == day && series.Counts(c)).Sum(c => c.Count)}</td>");
                body.Append("</tr>");
            }
            body.Append("</table>");
            return Html.Page("Dashboard", body.ToString(), http.User.Identity!.Name);
        }).RequireAuthorization(SignInPages.AdminPolicy);

    /// <summary>A bar per hour or day, scaled to the busiest one, with the count in each bar's title.</summary>
    private static string Chart(string id, IReadOnlyList<long> values)
    {
        const int width = 24 * 20, height = 60;
        var step = width / values.Count;
        var max = Math.Max(1, values.Max());
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg id=\"chart-{id}\" data-total=\"{values.Sum()}\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        for (var i = 0; i < values.Count; i++)
        {
            var bar = (int)Math.Round((double)values[i] / max * (height - 2));
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{i * step + 2}\" y=\"{height - bar}\" width=\"{step - 4}\" height=\"{bar}\" fill=\"#4a7\"><title>{values[i]}</title></rect>");
        }
        return svg.Append("</svg>").ToString();
    }
}
