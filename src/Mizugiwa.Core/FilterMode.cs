namespace Mizugiwa.Core;

/// <summary>
/// What a recipient chose to happen to mail the content filter calls spam. Labelling is the default;
/// anything stronger happens only because the user chose it.
/// </summary>
public enum FilterMode
{
    /// <summary>No spam headers; the message is delivered as is (Authentication-Results is still added).</summary>
    Off,
    /// <summary>X-Spam-Flag / X-Spam-Score / X-Spam-Status headers; delivered to the inbox.</summary>
    Label,
    /// <summary>Labelled, and spam is delivered to the Junk folder.</summary>
    Quarantine,
    /// <summary>Spam is refused at end of DATA (550 5.7.1) when every recipient chose this; otherwise quarantined.</summary>
    Reject,
}

/// <summary>Names of <see cref="FilterMode"/> as users and config write them.</summary>
public static class FilterModes
{
    public static string Name(FilterMode mode) => mode.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out FilterMode mode)
    {
        mode = FilterMode.Label;
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsDigit)) return false;
        return Enum.TryParse(text.Trim(), ignoreCase: true, out mode) && Enum.IsDefined(mode);
    }
}

/// <summary>The filter mode of each local mailbox.</summary>
public interface IFilterModeDirectory
{
    /// <summary>The mode of a local mailbox (account address or "postmaster"); <see cref="FilterMode.Label"/> when it never chose.</summary>
    ValueTask<FilterMode> GetFilterModeAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>
    /// The modes of <paramref name="mailboxes"/>, in their order: what the content level asks once per
    /// message. A directory with a database answers with one query; this default asks one by one.
    /// </summary>
    async ValueTask<IReadOnlyList<FilterMode>> GetFilterModesAsync(IReadOnlyList<string> mailboxes, CancellationToken cancellationToken)
    {
        var modes = new FilterMode[mailboxes.Count];
        for (int i = 0; i < modes.Length; i++) modes[i] = await GetFilterModeAsync(mailboxes[i], cancellationToken);
        return modes;
    }
}
