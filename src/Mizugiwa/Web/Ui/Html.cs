using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Mizugiwa.Web.Ui;

/// <summary>The pages' frame, escaping and the antiforgery field every form carries.</summary>
internal static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Antiforgery(IAntiforgery antiforgery, HttpContext http)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    public static IResult Page(string title, string body, string? user = null, string? notice = null) => Results.Content($$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}} · Mizugiwa</title>
        <style>body{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.5rem 0}
        .notice{background:#eef;padding:.5rem}.error{background:#fee;padding:.5rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}
        small{color:#555}</style></head>
        <body><header><strong>Mizugiwa</strong>{{(user is null ? "" : $" · signed in as <span id=\"user\">{E(user)}</span> · <form method=\"post\" action=\"/logout\" style=\"display:inline\"><button id=\"logout\">Sign out</button></form>")}}</header>
        <h1>{{E(title)}}</h1>{{(notice is null ? "" : $"<p class=\"notice\" id=\"notice\">{E(notice)}</p>")}}
        {{body}}
        </body></html>
        """, "text/html; charset=utf-8");
}
