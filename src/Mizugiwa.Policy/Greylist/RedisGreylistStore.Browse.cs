using StackExchange.Redis;

namespace Mizugiwa.Policy.Greylist;

public sealed partial class RedisGreylistStore : IGreylistBrowser
{
    private const int ScanPageSize = 500;

    /// <summary>
    /// SCANs the triplet keys (<c>{prefix}gl:t:*</c>, never KEYS, so Redis is not blocked), filters
    /// them here and reads the matching ones' hashes in one pipelined batch per SCAN page. Bounded by
    /// <see cref="GreylistQuery.MaxScanned"/> matches.
    /// </summary>
    public async Task<GreylistPage> ListAsync(GreylistQuery query, CancellationToken cancellationToken = default)
    {
        var tripletPrefix = _prefix + "gl:t:";
        var pattern = GlobEscape(tripletPrefix) + "*";
        var records = new List<GreylistRecord>();
        var cursor = "0";
        do
        {
            Interlocked.Increment(ref _roundTrips);
            var reply = (RedisResult[])(await Database.ExecuteAsync("SCAN", cursor, "MATCH", pattern, "COUNT", ScanPageSize).WaitAsync(cancellationToken))!;
            cursor = (string)reply[0]!;
            var matches = new List<GreylistKey>();
            foreach (var redisKey in (RedisKey[])reply[1]! ?? [])
            {
                var parts = ((string)redisKey!)[tripletPrefix.Length..].Split('\n');
                if (parts.Length == 3 && new GreylistKey(parts[0], parts[1], parts[2]) is var key && query.Matches(key)) matches.Add(key);
            }
            if (matches.Count == 0) continue;
            Interlocked.Increment(ref _roundTrips);
            var batch = Database.CreateBatch();
            var reads = matches.Select(k => batch.HashGetAsync(TripletKey(k), EntryFields)).ToList();
            batch.Execute();
            var values = await Task.WhenAll(reads).WaitAsync(cancellationToken);
            for (var i = 0; i < matches.Count; i++)
            {
                var v = values[i];
                if (v[0].IsNull || v[1].IsNull || v[2].IsNull) continue; // expired between SCAN and read
                records.Add(new GreylistRecord(matches[i], new GreylistEntry(FromMs((long)v[0]), FromMs((long)v[1]), (int)v[2])));
            }
        }
        while (cursor != "0" && records.Count < GreylistQuery.MaxScanned);
        return query.Cut(records);
    }

    private static string GlobEscape(string text) =>
        string.Concat(text.Select(c => c is '*' or '?' or '[' or ']' or '\\' ? "\\" + c : c.ToString()));
}
