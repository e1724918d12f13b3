using System.Globalization;
using System.Text;

namespace Mizugiwa.Imap;

/// <summary>
/// The UIDs of one folder, kept in <c>mizugiwa-uidlist</c> next to its cur/ and new/: a first line
/// "<c>1 UIDVALIDITY UIDNEXT</c>", then "<c>UID BASENAME</c>" per message. Written whole to tmp/ and renamed
/// over the old one, so a reader sees the old list or the new one, never a half. A list that cannot be
/// read is started afresh with a new UIDVALIDITY, which tells clients to forget what they cached.
/// </summary>
internal sealed class UidList
{
    public const string FileName = "mizugiwa-uidlist";

    public long UidValidity { get; private init; }
    public long UidNext { get; set; }
    public Dictionary<string, long> Uids { get; } = new(StringComparer.Ordinal);

    public static UidList Fresh(TimeProvider time) =>
        new() { UidValidity = Math.Max(1, time.GetUtcNow().ToUnixTimeSeconds() & 0xFFFFFFFF), UidNext = 1 };

    public static UidList Load(string folder, TimeProvider time)
    {
        string[] lines;
        try { lines = File.ReadAllLines(Path.Combine(folder, FileName), Encoding.UTF8); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return Fresh(time); }
        return TryParse(lines) ?? Fresh(time);
    }

    private static UidList? TryParse(string[] lines)
    {
        if (lines.Length == 0) return null;
        var head = lines[0].Split(' ');
        if (head.Length != 3 || head[0] != "1" || !TryNumber(head[1], out long validity) || !TryNumber(head[2], out long next) || validity == 0 || next == 0) return null;
        var list = new UidList { UidValidity = validity, UidNext = next };
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !TryNumber(line[..space], out long uid) || uid == 0 || uid >= next) return null;
            list.Uids[line[(space + 1)..]] = uid;
        }
        return list;
    }

    private static bool TryNumber(string text, out long n) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n) && n <= uint.MaxValue;

    public void Save(string folder)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"1 {UidValidity} {UidNext}\n");
        foreach (var (name, uid) in Uids.OrderBy(u => u.Value)) text.Append(CultureInfo.InvariantCulture, $"{uid} {name}\n");
        var tmp = Path.Combine(folder, "tmp");
        Directory.CreateDirectory(tmp);
        var temporary = Path.Combine(tmp, $"{FileName}.{Guid.NewGuid():N}");
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(Encoding.UTF8.GetBytes(text.ToString()));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path.Combine(folder, FileName), overwrite: true);
    }
}
