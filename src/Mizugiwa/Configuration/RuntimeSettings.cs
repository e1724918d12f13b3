using System.Globalization;
using System.Text.Json;
using Mizugiwa.Storage.Settings;

namespace Mizugiwa.Configuration;

/// <summary>A configuration key admins may change while the server runs, and how to read and write it on the options.</summary>
public sealed record RuntimeSetting(string Key, string Description, Func<MizugiwaOptions, string> Read, Action<MizugiwaOptions, string> Write);

/// <summary>
/// The whitelist of runtime settings (only what the running server honours without a restart), and
/// the effective options: the configuration (file, environment) with the saved settings over it.
/// A saved value is checked with the same rules as the configuration at start (see docs/SETTINGS.md).
/// </summary>
public static class RuntimeSettings
{
    public static readonly IReadOnlyList<RuntimeSetting> All =
    [
        new("Checks:Rgrey:DelaySeconds", "Greylisting: how long a new triplet is deferred (seconds); a retry at or after it passes.",
            o => o.Checks.Rgrey.DelaySeconds.ToString(CultureInfo.InvariantCulture), (o, v) => o.Checks.Rgrey.DelaySeconds = ParseInt(v)),
        new("Checks:Rgrey:AutoWhitelistAfter", "Greylisting: passes after which a client passes directly; 0 turns auto-whitelisting off.",
            o => o.Checks.Rgrey.AutoWhitelistAfter.ToString(CultureInfo.InvariantCulture), (o, v) => o.Checks.Rgrey.AutoWhitelistAfter = ParseInt(v)),
        Count("Checks:Harvest:UnknownRecipientsPerAddress", "Harvest guard: unknown recipients per address within the window that block it; 0 turns the count off.",
            o => o.Checks.Harvest.UnknownRecipientsPerAddress, (o, v) => o.Checks.Harvest.UnknownRecipientsPerAddress = v),
        Count("Checks:Harvest:UnknownRecipientsPerNetwork", "Harvest guard: unknown recipients per network (/24, /64) within the window that block it; 0 off.",
            o => o.Checks.Harvest.UnknownRecipientsPerNetwork, (o, v) => o.Checks.Harvest.UnknownRecipientsPerNetwork = v),
        Count("Checks:Harvest:RcptOnlyTransactionsPerAddress", "Harvest guard: transactions without DATA per address within the window that block it; 0 off.",
            o => o.Checks.Harvest.RcptOnlyTransactionsPerAddress, (o, v) => o.Checks.Harvest.RcptOnlyTransactionsPerAddress = v),
        Count("Checks:Harvest:RcptOnlyTransactionsPerNetwork", "Harvest guard: transactions without DATA per network within the window that block it; 0 off.",
            o => o.Checks.Harvest.RcptOnlyTransactionsPerNetwork, (o, v) => o.Checks.Harvest.RcptOnlyTransactionsPerNetwork = v),
        Count("Checks:Harvest:BlockSeconds", "Harvest guard: how long a first offence is blocked (seconds); each further one doubles it.",
            o => o.Checks.Harvest.BlockSeconds, (o, v) => o.Checks.Harvest.BlockSeconds = v),
        Count("Checks:Harvest:MaxBlockSeconds", "Harvest guard: the longest block (seconds).",
            o => o.Checks.Harvest.MaxBlockSeconds, (o, v) => o.Checks.Harvest.MaxBlockSeconds = v),
        Count("Checks:Flow:ConcurrentPerAddress", "Flow control: concurrent connections per address; over it 421 at connect or 451 at MAIL/RCPT; 0 turns it off.",
            o => o.Checks.Flow.ConcurrentPerAddress, (o, v) => o.Checks.Flow.ConcurrentPerAddress = v),
        Count("Checks:Flow:ConcurrentPerNetwork", "Flow control: concurrent connections per network (/24, /64); over it 421 at connect or 451 at MAIL/RCPT; 0 turns it off.",
            o => o.Checks.Flow.ConcurrentPerNetwork, (o, v) => o.Checks.Flow.ConcurrentPerNetwork = v),
        Count("Checks:Flow:ConnectionsPerMinutePerAddress", "Flow control: connections per minute per address; over it 421 at connect or 451 at MAIL/RCPT; 0 turns it off.",
            o => o.Checks.Flow.ConnectionsPerMinutePerAddress, (o, v) => o.Checks.Flow.ConnectionsPerMinutePerAddress = v),
        Count("Checks:Flow:ConnectionsPerMinutePerNetwork", "Flow control: connections per minute per network; over it 421 at connect or 451 at MAIL/RCPT; 0 turns it off.",
            o => o.Checks.Flow.ConnectionsPerMinutePerNetwork, (o, v) => o.Checks.Flow.ConnectionsPerMinutePerNetwork = v),
        Count("Checks:Flow:MessagesPer10MinutesPerAddress", "Flow control: messages (MAIL) per 10 minutes per address; over it 421 at connect or 451 at MAIL/RCPT; 0 turns it off.",
            o => o.Checks.Flow.MessagesPer10MinutesPerAddress, (o, v) => o.Checks.Flow.MessagesPer10MinutesPerAddress = v),
        Count("Checks:Flow:MessagesPer10MinutesPerNetwork", "Flow control: messages (MAIL) per 10 minutes per network; over it 421 at connect or 451 at MAIL/RCPT; 0 turns it off.",
            o => o.Checks.Flow.MessagesPer10MinutesPerNetwork, (o, v) => o.Checks.Flow.MessagesPer10MinutesPerNetwork = v),
        Count("Checks:Flow:RecipientsPer10MinutesPerAddress", "Flow control: recipients (RCPT) per 10 minutes per address; over it 421 at connect or 451 at MAIL/RCPT; 0 turns it off.",
            o => o.Checks.Flow.RecipientsPer10MinutesPerAddress, (o, v) => o.Checks.Flow.RecipientsPer10MinutesPerAddress = v),
        Count("Checks:Flow:RecipientsPer10MinutesPerNetwork", "Flow control: recipients (RCPT) per 10 minutes per network; over it 421 at connect or 451 at MAIL/RCPT; 0 turns it off.",
            o => o.Checks.Flow.RecipientsPer10MinutesPerNetwork, (o, v) => o.Checks.Flow.RecipientsPer10MinutesPerNetwork = v),
        new("Content:SpamScore", "Content filter: at or above this score a message is spam (labelled; quarantined or refused for users who chose that).",
            o => o.Content.SpamScore.ToString(CultureInfo.InvariantCulture), (o, v) => o.Content.SpamScore = ParseScore(v)),
        new("Content:RejectScore", "Content filter: at or above this score a message is refused for every recipient; \"off\" never.",
            o => o.Content.RejectScore is { } score ? score.ToString(CultureInfo.InvariantCulture) : "off",
            (o, v) => o.Content.RejectScore = v.Equals("off", StringComparison.OrdinalIgnoreCase) || v.Length == 0 ? null : ParseScore(v)),
    ];

    public static RuntimeSetting? Find(string key) => All.FirstOrDefault(s => s.Key.Equals(key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Null when <paramref name="value"/> may be saved for <paramref name="key"/>; otherwise why not, naming the setting.</summary>
    public static string? Validate(MizugiwaOptions configured, string key, string value)
    {
        if (Find(key) is not { } setting)
            return $"'{key}' is not a runtime setting (these are: {string.Join(", ", All.Select(s => s.Key))})";
        var candidate = Clone(configured);
        try
        {
            setting.Write(candidate, value.Trim());
            ConfigurationLoader.Validate(candidate);
            Hosting.PolicyServices.GreylistOptionsFrom(candidate.Checks.Rgrey).Validate();
        }
        catch (FormatException e)
        {
            return $"{setting.Key}: {e.Message}";
        }
        catch (Exception e) when (e is ConfigurationProblemException or ArgumentException)
        {
            return $"{setting.Key} = '{value}': {e.Message.Replace("invalid configuration:\n  ", "", StringComparison.Ordinal)}";
        }
        return null;
    }

    /// <summary>
    /// The configuration with every valid saved setting applied (an invalid one, e.g. saved by a newer
    /// node, is skipped). Settings that depend on each other (SpamScore below RejectScore) may only be
    /// valid together in one order, so passes repeat until no more can be applied.
    /// </summary>
    public static MizugiwaOptions Effective(MizugiwaOptions configured, IEnumerable<SettingEntry> saved)
    {
        var effective = Clone(configured);
        var pending = saved.Where(e => Find(e.Key) is not null).ToList();
        while (pending.RemoveAll(entry => Validate(effective, entry.Key, entry.Value) is null && Apply(effective, entry)) > 0) { }
        return effective;
    }

    private static bool Apply(MizugiwaOptions options, SettingEntry entry)
    {
        Find(entry.Key)!.Write(options, entry.Value.Trim());
        return true;
    }

    /// <summary>A deep copy, so a candidate value is checked without touching the options in use.</summary>
    public static MizugiwaOptions Clone(MizugiwaOptions options) =>
        JsonSerializer.Deserialize<MizugiwaOptions>(JsonSerializer.Serialize(options))!;

    private static RuntimeSetting Count(string key, string description, Func<MizugiwaOptions, int> read, Action<MizugiwaOptions, int> write) =>
        new(key, description, o => read(o).ToString(CultureInfo.InvariantCulture), (o, v) => write(o, ParseInt(v)));

    private static double ParseScore(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number : throw new FormatException($"'{value}' is not a number (e.g. 5 or 4.5)");

    private static int ParseInt(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : throw new FormatException($"'{value}' is not a whole number");
}
