using System.Globalization;
using System.Text;

namespace Mizugiwa.Content.Bayes;

/// <summary>Token hashes as a JSON array, for one `IN (SELECT value FROM json_each(...))` look-up of a whole message.</summary>
internal static class HashList
{
    public static string Json(IReadOnlyList<long> hashes)
    {
        var list = new StringBuilder("[");
        foreach (var hash in hashes) list.Append(hash.ToString(CultureInfo.InvariantCulture)).Append(',');
        if (list.Length > 1) list.Length--;
        return list.Append(']').ToString();
    }
}
