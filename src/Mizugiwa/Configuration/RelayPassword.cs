namespace Mizugiwa.Configuration;

/// <summary>
/// The relay password, from Outbound:RelayPasswordFile, so that it is neither in the JSON nor in the
/// environment or the command line (systemd's LoadCredential= hands such a file over). The whole file is the
/// password, less the newline that editors and <c>echo</c> put at its end.
/// </summary>
public static class RelayPassword
{
    /// <summary>The password, or throws with the reason (IOException, UnauthorizedAccessException, InvalidDataException).</summary>
    public static string Read(string path)
    {
        var text = File.ReadAllText(path);
        var password = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        if (password.Length == 0) throw new InvalidDataException("the file is empty");
        if (password.Contains('\n', StringComparison.Ordinal)) throw new InvalidDataException("the file holds more than one line");
        return password;
    }
}
