using System.Net;
using System.Text.RegularExpressions;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>The web UI as a browser without scripts uses it: cookies, redirects, forms posted with their page's antiforgery token.</summary>
internal sealed partial class FormBrowser(int port) : IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20),
    };

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form the way the page does: with the antiforgery token of the page it is on.</summary>
    public async Task<(HttpStatusCode Status, string Html)> PostAsync(string page, string action, params (string Name, string Value)[] fields)
    {
        var token = AntiforgeryField().Match((await GetAsync(page)).Html).Groups[1].Value;
        using var content = new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(token))]);
        using var response = await _client.PostAsync(action, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(HttpStatusCode Status, string Html)> PostWithoutTokenAsync(string action, params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value))]);
        using var response = await _client.PostAsync(action, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
