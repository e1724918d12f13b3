using Mizugiwa.Configuration;
using Mizugiwa.Hosting;
using Mizugiwa.Storage.Settings;

namespace Mizugiwa.Web.Admin;

/// <summary>One runtime setting as the page and API show it: its effective value and where that comes from.</summary>
public sealed record SettingView(string Key, string Description, string Value, string Source, string Configured, string Default, string? ChangedBy, DateTimeOffset? ChangedAt);

/// <summary>What the settings page and API do: show, save (validated, applied at once on this node), forget.</summary>
internal sealed class SettingsAdmin(RuntimeSettingsWatcher watcher, TimeProvider time)
{
    private static readonly MizugiwaOptions Defaults = new();

    public IReadOnlyList<SettingView> List()
    {
        var current = watcher.Current;
        return [.. RuntimeSettings.All.Select(s =>
        {
            var saved = current.Saved.FirstOrDefault(e => e.Key.Equals(s.Key, StringComparison.OrdinalIgnoreCase));
            var configured = s.Read(watcher.Configured);
            var fallback = s.Read(Defaults);
            var source = saved is not null ? "settings page" : configured == fallback ? "default" : "configuration";
            return new SettingView(s.Key, s.Description, s.Read(current.Effective), source, configured, fallback, saved?.ChangedBy, saved?.ChangedAt);
        })];
    }

    /// <summary>Null when saved; otherwise why not (naming the setting).</summary>
    public async Task<string?> SetAsync(string key, string? value, string actor, CancellationToken cancellationToken)
    {
        // Checked against what is in force now, so it must fit the other saved settings too.
        await watcher.RefreshAsync(cancellationToken);
        if (RuntimeSettings.Validate(watcher.Current.Effective, key, value ?? "") is { } problem) return problem;
        await watcher.Store.SetAsync(new SettingEntry(RuntimeSettings.Find(key)!.Key, value!.Trim(), actor, time.GetUtcNow()), cancellationToken);
        await watcher.RefreshAsync(cancellationToken);
        return null;
    }

    /// <summary>Forgets the saved value so the configuration applies again; false when none was saved.</summary>
    public async Task<bool> ResetAsync(string key, CancellationToken cancellationToken)
    {
        var removed = RuntimeSettings.Find(key) is { } setting && await watcher.Store.RemoveAsync(setting.Key, cancellationToken);
        await watcher.RefreshAsync(cancellationToken);
        return removed;
    }
}
