using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Mizugiwa.Core;

namespace Mizugiwa.Web.Ui;

/// <summary>The forwarding section of the user's page: up to 10 targets, one per line, and "keep a copy".</summary>
internal static class SelfServiceForwardingForm
{
    /// <summary>What the user sent when the directory refused it, shown again with the reason.</summary>
    public sealed record Rejected(string Targets, bool KeepCopy, string Error);

    /// <summary>The targets of the form field: one per line (commas and spaces separate too); blank = off.</summary>
    public static IReadOnlyList<string> Targets(string? text) =>
        (text ?? "").Split(['\n', '\r', ',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    public static string Render(HttpContext http, IAntiforgery antiforgery, Forwarding current, Rejected? rejected)
    {
        var targets = rejected?.Targets ?? string.Join("\n", current.Targets);
        var keep = rejected?.KeepCopy ?? current.KeepCopy;
        var state = current.IsActive
            ? $"Your mail is forwarded to {Html.E(string.Join(", ", current.Targets))}{(current.KeepCopy ? " and a copy stays here" : "; no copy stays here")}."
            : "Forwarding is off.";
        return $"""
            <h2>Forwarding</h2>
            <p id="forwarding-state">{state}</p>
            <p>Forward your mail to up to {Forwarding.MaxTargets} addresses, one per line; leave the box empty to stop forwarding. Mail the filter put into your Junk folder is never forwarded.</p>
            {(rejected is null ? "" : $"<p class=\"error\" id=\"forwarding-error\">{Html.E(rejected.Error)}; nothing was changed.</p>")}
            <form method="post" action="/me/forwarding">{Html.Antiforgery(antiforgery, http)}
            <label>Forward to <textarea name="targets" id="forward-targets" rows="3" cols="40">{Html.E(targets)}</textarea></label>
            <label><input type="checkbox" name="keep-copy" value="on" id="forward-keep-copy"{(keep ? " checked" : "")}> keep a copy in this mailbox</label>
            <button id="save-forwarding">Save forwarding</button></form>
            """;
    }
}
