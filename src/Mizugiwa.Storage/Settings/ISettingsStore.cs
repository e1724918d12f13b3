namespace Mizugiwa.Storage.Settings;

/// <summary>One saved setting: its configuration key (e.g. "Checks:Rgrey:DelaySeconds"), its value, who saved it and when.</summary>
public sealed record SettingEntry(string Key, string Value, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>
/// Runtime settings saved from the admin page or API. They override the configuration file and the
/// environment. The SQLite store serves one node; the PostgreSQL store is shared by every node that
/// points at it. Keys compare case-insensitively, as configuration keys do.
/// </summary>
public interface ISettingsStore
{
    Task<IReadOnlyList<SettingEntry>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the setting.</summary>
    Task SetAsync(SettingEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Forgets the setting, so the configuration's value applies again. False when it was not saved.</summary>
    Task<bool> RemoveAsync(string key, CancellationToken cancellationToken = default);
}
