using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using PolicyLoad;

// policy-load --port P [-n N] [-c C] [--tag T] [--max-seconds S]   one JSON line, as bench/policy_load.py
// policy-load --dunno-server [--port P]                            a server that answers DUNNO (client ceiling)
var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--dunno-server") opts["dunno"] = "1";
    else if (i + 1 < args.Length) opts[args[i]] = args[++i];
    else { Console.Error.WriteLine($"policy-load: {args[i]} needs a value"); return 64; }
}
string Opt(string name, string alt, string fallback) => opts.GetValueOrDefault(name) ?? opts.GetValueOrDefault(alt) ?? fallback;
int port = int.Parse(Opt("--port", "-p", "0"), CultureInfo.InvariantCulture);
if (opts.ContainsKey("dunno"))
{
    await DunnoServer.RunAsync(port);
    return 0;
}
var host = IPAddress.Parse(Opt("--host", "--host", "127.0.0.1"));
if (!IPAddress.IsLoopback(host)) { Console.Error.WriteLine("refusing non-loopback target"); return 64; }
int n = Math.Clamp(int.Parse(Opt("-n", "--requests", "20000"), CultureInfo.InvariantCulture), 1, 10_000_000);
int c = Math.Clamp(int.Parse(Opt("-c", "--connections", "16"), CultureInfo.InvariantCulture), 1, 1000);
var tag = Opt("--tag", "--tag", "t");
var maxSeconds = double.Parse(Opt("--max-seconds", "--max-seconds", "120"), CultureInfo.InvariantCulture);

// built before the clock starts
var perConnection = Enumerable.Range(0, c)
    .Select(k => Enumerable.Range(0, (n - k + c - 1) / c).Select(j => Requests.Build(tag, k + j * c)).ToArray())
    .ToArray();
var deadline = Stopwatch.GetTimestamp() + (long)(maxSeconds * Stopwatch.Frequency);
var connections = perConnection.Select(r => new Connection(new IPEndPoint(host, port), r, deadline)).ToArray();
var started = Stopwatch.GetTimestamp();
var runs = connections.Select(x => Task.Run(x.RunAsync)).ToArray();
try { await Task.WhenAll(runs); } catch (Exception) { /* reported below */ }
var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;

var latencies = connections.SelectMany(x => x.Latencies).Order().ToArray();
var actions = new SortedDictionary<string, int>(StringComparer.Ordinal);
foreach (var (k, v) in connections.SelectMany(x => x.Actions)) actions[k] = actions.GetValueOrDefault(k) + v;
var errors = runs.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!.GetType().Name + ": " + t.Exception.InnerException.Message).Take(5).ToArray();
double Ms(double p)
{
    if (latencies.Length == 0) return -1;
    var k = Math.Min(latencies.Length - 1, Math.Max(0, (int)Math.Round(p / 100.0 * latencies.Length + 0.5, MidpointRounding.ToEven) - 1));
    return Math.Round(latencies[k] * 1000.0 / Stopwatch.Frequency, 3);
}
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["requests"] = latencies.Length, ["asked"] = n, ["connections"] = c, ["processes"] = 1, ["wall_s"] = Math.Round(wall, 4),
    ["rate"] = wall > 0 ? Math.Round(latencies.Length / wall, 2) : 0,
    ["p50_ms"] = Ms(50), ["p90_ms"] = Ms(90), ["p99_ms"] = Ms(99),
    ["max_ms"] = latencies.Length == 0 ? -1 : Math.Round(latencies[^1] * 1000.0 / Stopwatch.Frequency, 3),
    ["actions"] = actions, ["errors"] = errors, ["timed_out"] = latencies.Length < n,
}));
return 0;
