// Cost of the harvest guard and flow control per RCPT, as wired in the server (bench/harvest-cost.sh).
//
// For each configuration (guard off, embedded store, Redis store, failover store over Redis) and each
// number of concurrent simulated sessions, it drives a CheckPipeline through what an SMTP session
// calls for one message (connect, HELO, MAIL, one RCPT, transaction end, session end) for a fixed
// time, once with a valid recipient (DATA received) and once with an unknown one (no DATA: what a
// harvester does), and reports wall time per message and per RCPT stage, messages/s, allocations,
// CPU (this process and redis-server) and Redis round trips (RedisStateStore.RoundTrips).
//
//   harvest-cost [--redis 127.0.0.1:PORT] [--redis-pid PID] [--seconds 3] [--warmup 0.7]
//                [--concurrency 1,16] [--max-messages 150000] [--configs off,embedded,redis,failover]
//
// Sources: every message comes from a client address of its own range so that no limit or threshold
// fires (the cost measured is the one of mail that passes): valid messages from 50 addresses per /24,
// 4 messages per address and 200 per /24 (flow limits: 60 connections/min per address, 240 per /24);
// unknown-recipient messages one per address, 6 per /24 (under the harvest thresholds even once the
// domain-wide rule has tightened them, which it does after the first 200 unknown recipients).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Core;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Harvest;
using Mizugiwa.Policy.Pipeline;
using Mizugiwa.Smtp.Checks;
using Mizugiwa.Storage.State;
using StackExchange.Redis;

namespace Mizugiwa.Bench.HarvestCost;

internal static class Program
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> Main(string[] args)
    {
        var opts = Args.Parse(args);
        ConnectionMultiplexer? redis = null;
        if (opts.Redis is not null) redis = Connect(opts.Redis);
        if (redis is null && opts.Configs.Any(c => c is "redis" or "failover"))
        {
            Console.Error.WriteLine("no --redis given: skipping the redis and failover configurations");
            opts = opts with { Configs = [.. opts.Configs.Where(c => c is not ("redis" or "failover"))] };
        }

        double? pingUs = redis is null ? null : await PingAsync(redis);
        var results = new List<RunResult>();
        var stages = new List<StageCounts>();
        foreach (var name in opts.Configs)
        {
            foreach (var c in opts.Concurrency)
            {
                foreach (var unknown in new[] { false, true })
                {
                    // a fresh store (and pipeline) for every run, so that no run inherits another's counters
                    var config = Build(name, redis);
                    var result = await RunAsync(config, c, unknown, opts);
                    results.Add(result);
                    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {result.Summary()}");
                    (config.Store as IDisposable)?.Dispose();
                }
            }
            foreach (var unknown in new[] { false, true })
            {
                var config = Build(name, redis);
                if (config.RoundTrips is not null) stages.Add(await StageProbeAsync(config, unknown));
                (config.Store as IDisposable)?.Dispose();
            }
        }

        Report.Write(Console.Out, results, stages, opts, pingUs);
        if (redis is not null) await redis.DisposeAsync();
        return results.Any(r => r.Failures > 0) ? 2 : 0;
    }

    /// <summary>As the server connects (Hosting/StateServices.Connect).</summary>
    private static ConnectionMultiplexer Connect(string configuration)
    {
        var redis = ConfigurationOptions.Parse(configuration);
        redis.AbortOnConnectFail = false;
        redis.ConnectTimeout = 2000;
        redis.SyncTimeout = 1000;
        redis.AsyncTimeout = 1000;
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        redis.ReconnectRetryPolicy = new ExponentialRetry(500, 5000);
        var mux = ConnectionMultiplexer.Connect(redis);
        if (!mux.IsConnected) throw new InvalidOperationException($"Redis at {configuration} is not reachable");
        return mux;
    }

    private sealed record Config(string Name, string Label, ISmtpPolicy Policy, IStateStore? Store, Func<long>? RoundTrips);

    /// <summary>The pipeline as PolicyServices builds it for the SMTP listener: flow control, then the harvest guard, default options.</summary>
    private static Config Build(string name, ConnectionMultiplexer? redis)
    {
        var time = TimeProvider.System;
        RedisStateStore? redisStore = null;
        IStateStore? store = name switch
        {
            "off" => null,
            "embedded" => new EmbeddedStateStore(null, time),
            "redis" => redisStore = new RedisStateStore(redis!, time),
            "failover" => new FailoverStateStore(redisStore = new RedisStateStore(redis!, time), new EmbeddedStateStore(null, time), time,
                NullLogger<FailoverStateStore>.Instance),
            _ => throw new ArgumentException($"unknown configuration '{name}' (off, embedded, redis, failover)"),
        };
        var checks = new List<ICheck>();
        if (store is not null)
        {
            checks.Add(new FlowControl(store, new FlowControlOptions()));
            checks.Add(new HarvestGuard(store, new HarvestGuardOptions(), time, NullLogger<HarvestGuard>.Instance));
        }
        var policy = new CheckPipeline(checks, new PipelineOptions(), NullLogger<CheckPipeline>.Instance);
        var label = name switch
        {
            "off" => "guard off (pipeline without flow control and harvest guard)",
            "embedded" => "EmbeddedStateStore (in memory)",
            "redis" => "RedisStateStore (loopback)",
            _ => "FailoverStateStore over Redis (loopback)",
        };
        return new Config(name, label, policy, store, redisStore is null ? null : () => redisStore.RoundTrips);
    }

    // --- the simulated session -----------------------------------------------------------------

    private static readonly SmtpAddress Sender = new("sender", "client.example");
    private static readonly SmtpAddress ValidRcpt = new("user", "bench.test");
    private static readonly SmtpAddress UnknownRcpt = new("nobody", "bench.test");
    private static readonly TransactionSummary Delivered = new(1, 0, 0, DataReceived: true);
    private static readonly TransactionSummary RcptOnly = new(0, 1, 0, DataReceived: false);

    private static long _validSeq;
    private static long _unknownSeq;

    /// <summary>Valid: 50 addresses per /24, each used 4 times (200 per /24); 1.x.x.x upwards.</summary>
    private static IPAddress NextValidSource()
    {
        var n = Interlocked.Increment(ref _validSeq);
        var network = n / 200;
        var host = n % 50 + 1;
        return Ipv4((1u << 24) + (uint)network * 256 + (uint)host);
    }

    /// <summary>Unknown: one message per address, 6 addresses per /24; 128.x.x.x upwards.</summary>
    private static IPAddress NextUnknownSource()
    {
        var n = Interlocked.Increment(ref _unknownSeq);
        return Ipv4((128u << 24) + (uint)(n / 6) * 256 + (uint)(n % 6) + 1);
    }

    private static IPAddress Ipv4(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    private interface IStageHook
    {
        void After(int stage);
    }

    /// <summary>One message as SmtpSession drives the policy; returns the ticks of the whole message and of the RCPT stage, and how many verdicts were not Continue.</summary>
    private static async ValueTask<(long Total, long Rcpt, int Failures)> MessageAsync(ISmtpPolicy policy, bool unknown, long id, IStageHook? hook)
    {
        var ct = CancellationToken.None;
        var failures = 0;
        var t0 = Stopwatch.GetTimestamp();
        var session = new SessionContext(id.ToString("x", Inv), unknown ? NextUnknownSource() : NextValidSource());
        if (!Ok(await policy.OnConnectAsync(session, ct))) failures++;
        hook?.After(0);
        session.Helo = "mail.client.example";
        if (!Ok(await policy.OnHeloAsync(session, ct))) failures++;
        session.Sender = "sender@client.example";
        session.SenderAddress = Sender;
        if (!Ok(await policy.OnMailAsync(session, ct))) failures++;
        hook?.After(1);
        var r0 = Stopwatch.GetTimestamp();
        var verdict = unknown
            ? await policy.OnRcptAsync(new RcptContext(session, UnknownRcpt, "nobody@bench.test", RecipientStatus.UnknownUser), ct)
            : await policy.OnRcptAsync(new RcptContext(session, ValidRcpt, "user@bench.test", RecipientStatus.Local), ct);
        var r1 = Stopwatch.GetTimestamp();
        if (!Ok(verdict)) failures++;
        hook?.After(2);
        await policy.OnTransactionEndAsync(session, unknown ? RcptOnly : Delivered, ct);
        session.Sender = null;
        session.SenderAddress = null;
        hook?.After(3);
        await policy.OnSessionEndAsync(session, ct);
        hook?.After(4);
        return (Stopwatch.GetTimestamp() - t0, r1 - r0, failures);
    }

    /// <summary>Anything but a plain Continue (a limit, a block, a tarpit delay) would measure another path.</summary>
    private static bool Ok(Verdict v) => v.Action == VerdictAction.Continue && v.Delay == TimeSpan.Zero;

    // --- one measured run ----------------------------------------------------------------------

    private sealed class Worker
    {
        public long Messages, TotalTicks, RcptTicks;
        public int Failures;
        public long[] Latencies = [];
    }

    private static async Task<RunResult> RunAsync(Config config, int concurrency, bool unknown, Args opts)
    {
        // warm-up: JIT/tiering, Redis scripts loaded, connection pool warm
        await DriveAsync(config, concurrency, unknown, TimeSpan.FromSeconds(opts.Warmup), opts.MaxMessages, keepLatencies: false);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var busyBefore = await Machine.WaitQuietAsync(opts.QuietPercent, opts.QuietWait);

        var box0 = Machine.Jiffies();
        var rt0 = config.RoundTrips?.Invoke() ?? 0;
        var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
        var gc0 = GC.CollectionCount(0);
        var cpu0 = ProcessCpu();
        var redisCpu0 = RedisCpu(opts.RedisPid);
        var sw = Stopwatch.StartNew();
        var workers = await DriveAsync(config, concurrency, unknown, TimeSpan.FromSeconds(opts.Seconds), opts.MaxMessages, keepLatencies: true);
        var wall = sw.Elapsed;
        var cpu = ProcessCpu() - cpu0;
        var redisCpu = RedisCpu(opts.RedisPid) - redisCpu0;
        var alloc = GC.GetTotalAllocatedBytes(precise: true) - alloc0;
        var gcs = GC.CollectionCount(0) - gc0;
        var rt = (config.RoundTrips?.Invoke() ?? 0) - rt0;
        var box1 = Machine.Jiffies();
        // the rest of the box: everything busy minus this process and redis-server, in % of all cores
        var boxBusy = box1.Busy - box0.Busy;
        var boxTotal = Math.Max(1, box1.Total - box0.Total);
        var ours = (cpu + (redisCpu ?? TimeSpan.Zero)).TotalSeconds * Machine.TicksPerSecond;
        var otherPercent = Math.Max(0, (boxBusy - ours) * 100.0 / boxTotal);
        var heapMb = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;

        var messages = workers.Sum(w => w.Messages);
        var latencies = workers.SelectMany(w => w.Latencies.Take((int)w.Messages)).Order().ToArray();
        return new RunResult(config.Name, config.Label, concurrency, unknown, messages, wall,
            Us(workers.Sum(w => w.TotalTicks)) / messages, Us(workers.Sum(w => w.RcptTicks)) / messages,
            Us(Percentile(latencies, 0.50)), Us(Percentile(latencies, 0.99)),
            (double)alloc / messages, cpu.TotalMicroseconds / messages,
            redisCpu is null ? null : redisCpu.Value.TotalMicroseconds / messages,
            config.RoundTrips is null ? null : (double)rt / messages, gcs, workers.Sum(w => w.Failures), heapMb, busyBefore, otherPercent);
    }

    private static async Task<Worker[]> DriveAsync(Config config, int concurrency, bool unknown, TimeSpan duration, long maxMessages, bool keepLatencies)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long started = 0;
        var perWorker = maxMessages / concurrency + 1;
        var workers = Enumerable.Range(0, concurrency).Select(_ => new Worker { Latencies = keepLatencies ? new long[perWorker] : [] }).ToArray();
        await Task.WhenAll(workers.Select(w => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline && w.Messages < perWorker && Interlocked.Increment(ref started) <= maxMessages)
            {
                var (total, rcpt, failures) = await MessageAsync(config.Policy, unknown, w.Messages, null);
                if (keepLatencies) w.Latencies[w.Messages] = total;
                w.Messages++;
                w.TotalTicks += total;
                w.RcptTicks += rcpt;
                w.Failures += failures;
                // a real session waits for the client's next command between messages: let the others run
                await Task.Yield();
            }
        })));
        return workers;
    }

    // --- round trips per stage (one session at a time, so the counter moves only for it) ---------

    private sealed class StageHook(Func<long> roundTrips) : IStageHook
    {
        public readonly long[] Counts = new long[5];
        public long Last = roundTrips();

        public void After(int stage)
        {
            var now = roundTrips();
            Counts[stage] += now - Last;
            Last = now;
        }
    }

    private static async Task<StageCounts> StageProbeAsync(Config config, bool unknown)
    {
        const int n = 200;
        var hook = new StageHook(config.RoundTrips!);
        var failures = 0;
        for (var i = 0; i < n; i++) failures += (await MessageAsync(config.Policy, unknown, i, hook)).Failures;
        return new StageCounts(config.Label, unknown, [.. hook.Counts.Select(c => (double)c / n)], failures);
    }

    /// <summary>Mean time of one Redis PING through the same multiplexer, one at a time: the price of one round trip.</summary>
    private static async Task<double> PingAsync(ConnectionMultiplexer redis)
    {
        var db = redis.GetDatabase();
        for (var i = 0; i < 500; i++) await db.PingAsync();
        const int n = 3000;
        var t0 = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++) await db.PingAsync();
        return Us(Stopwatch.GetTimestamp() - t0) / n;
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private static long Percentile(long[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>utime + stime of redis-server from /proc (clock ticks of 10 ms).</summary>
    private static TimeSpan? RedisCpu(int? pid)
    {
        if (pid is null) return null;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], Inv) + long.Parse(fields[12], Inv);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (IOException)
        {
            return null;
        }
    }
}

internal sealed record RunResult(string Config, string Label, int Concurrency, bool Unknown, long Messages, TimeSpan Wall,
    double UsPerMessage, double UsPerRcptStage, double P50Us, double P99Us, double AllocBytes, double CpuUs, double? RedisCpuUs,
    double? RoundTrips, int Gen0Gcs, int Failures, double HeapMb, double BusyBefore, double OtherPercent)
{
    public double PerSecond => Messages / Wall.TotalSeconds;

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Config} c={Concurrency} {(Unknown ? "unknown" : "valid")}: {Messages} msgs in {Wall.TotalSeconds:F2}s = {PerSecond:F0}/s, {UsPerMessage:F1} µs/msg (RCPT {UsPerRcptStage:F1}), p99 {P99Us:F0} µs, {AllocBytes:F0} B/msg, CPU {CpuUs:F1} µs/msg, redis CPU {RedisCpuUs:F1}, RT/msg {RoundTrips:F2}, failures {Failures}, heap {HeapMb:F0} MB, box busy before {BusyBefore:F0}%, other load {OtherPercent:F0}%");
}

internal sealed record StageCounts(string Label, bool Unknown, double[] PerStage, int Failures);

internal sealed record Args(string? Redis, int? RedisPid, double Seconds, double Warmup, int[] Concurrency, long MaxMessages, string[] Configs,
    double QuietPercent, double QuietWait)
{
    public static Args Parse(string[] args)
    {
        var a = new Args(null, null, 3, 0.7, [1, 16], 150_000, ["off", "embedded", "redis", "failover"], 25, 4);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            a = args[i] switch
            {
                "--redis" => a with { Redis = Next() },
                "--redis-pid" => a with { RedisPid = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seconds" => a with { Seconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warmup" => a with { Warmup = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--concurrency" => a with { Concurrency = [.. Next().Split(',', ' ').Where(s => s.Length > 0).Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--max-messages" => a with { MaxMessages = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--quiet-percent" => a with { QuietPercent = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--quiet-wait" => a with { QuietWait = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--configs" => a with { Configs = Next().Split(',', ' ').Where(s => s.Length > 0).ToArray() },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }
        return a;
    }
}

/// <summary>The (shared) machine's CPU use from /proc/stat.</summary>
internal static class Machine
{
    public const double TicksPerSecond = 100;   // USER_HZ

    public static (long Busy, long Total) Jiffies()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            var total = f.Sum();
            return (total - f[3] - f[4], total);   // minus idle and iowait
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    /// <summary>Waits (at most <paramref name="maxSeconds"/>) for a second in which the box is below <paramref name="percent"/> busy; returns the last second's %.</summary>
    public static async Task<double> WaitQuietAsync(double percent, double maxSeconds)
    {
        var pct = 0.0;
        var deadline = Stopwatch.GetTimestamp() + (long)(maxSeconds * Stopwatch.Frequency);
        do
        {
            var a = Jiffies();
            await Task.Delay(1000);
            var b = Jiffies();
            pct = (b.Busy - a.Busy) * 100.0 / Math.Max(1, b.Total - a.Total);
        } while (pct >= percent && Stopwatch.GetTimestamp() < deadline);
        return pct;
    }
}

internal static class Report
{
    private static string F(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);
    private static string F(double? v, string format = "F1") => v is null ? "–" : F(v.Value, format);

    public static void Write(TextWriter o, List<RunResult> results, List<StageCounts> stages, Args opts, double? pingUs)
    {
        o.WriteLine("| configuration | sessions | µs per RCPT, valid | µs per RCPT, unknown | messages/s, valid | messages/s, unknown | KB allocated per valid message | Redis round trips per valid message | Redis round trips per unknown-recipient message |");
        o.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var g in results.GroupBy(r => (r.Label, r.Concurrency)))
        {
            var v = g.Single(r => !r.Unknown);
            var u = g.Single(r => r.Unknown);
            o.WriteLine($"| {g.Key.Label} | {g.Key.Concurrency} | {F(v.UsPerMessage)} | {F(u.UsPerMessage)} | {F(v.PerSecond, "F0")} | {F(u.PerSecond, "F0")} | {F(v.AllocBytes / 1024)} | {F(v.RoundTrips, "0.##")} | {F(u.RoundTrips, "0.##")} |");
        }
        o.WriteLine();
        o.WriteLine("µs per RCPT = wall time of one simulated message with one RCPT (connect, HELO, MAIL, RCPT, transaction end,");
        o.WriteLine("session end through the CheckPipeline), mean over all messages of the run; with 16 sessions it is the latency");
        o.WriteLine("each session sees while the others run. The unknown-recipient message ends without DATA (a harvester's probe).");
        if (pingUs is not null)
        {
            o.WriteLine();
            o.WriteLine($"One Redis round trip (PING through the same multiplexer, one at a time): {F(pingUs.Value)} µs.");
        }
        o.WriteLine();
        o.WriteLine("## Every run");
        o.WriteLine();
        o.WriteLine($"{opts.Seconds.ToString(CultureInfo.InvariantCulture)} s per run after {opts.Warmup.ToString(CultureInfo.InvariantCulture)} s of warm-up (at most {opts.MaxMessages} messages).");
        o.WriteLine("*RCPT stage* = the OnRcptAsync call alone; *alloc* = bytes allocated by the whole process per message");
        o.WriteLine("(StackExchange.Redis's threads included); *CPU* = CPU time of this process per message (both cores);");
        o.WriteLine("*redis CPU* = CPU time of redis-server per message (/proc, 10 ms resolution); *heap* = live managed heap after");
        o.WriteLine("the run (full GC; the store's counters live for their 10-minute windows); *busy before* = the box's CPU use in the");
        o.WriteLine($"second before the run (each run waits up to {opts.QuietWait.ToString(CultureInfo.InvariantCulture)} s for a second under {opts.QuietPercent.ToString(CultureInfo.InvariantCulture)} %); *other* = CPU used during the run by everything but");
        o.WriteLine("this process and redis-server (other people's work on this shared box), in % of all cores.");
        o.WriteLine();
        o.WriteLine("| configuration | sessions | recipient | messages | msg/s | µs/msg mean | p50 | p99 | µs in RCPT stage | alloc B/msg | CPU µs/msg | redis CPU µs/msg | round trips/msg | gen0 GCs | heap MB | busy before % | other % | not Continue |");
        o.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            o.WriteLine($"| {r.Label} | {r.Concurrency} | {(r.Unknown ? "unknown" : "valid")} | {r.Messages} | {F(r.PerSecond, "F0")} | {F(r.UsPerMessage)} | {F(r.P50Us)} | {F(r.P99Us)} | {F(r.UsPerRcptStage)} | {F(r.AllocBytes, "F0")} | {F(r.CpuUs)} | {F(r.RedisCpuUs)} | {F(r.RoundTrips, "F2")} | {r.Gen0Gcs} | {F(r.HeapMb, "F0")} | {F(r.BusyBefore, "F0")} | {F(r.OtherPercent, "F0")} | {r.Failures} |");
        if (stages.Count == 0) return;
        o.WriteLine();
        o.WriteLine("## Redis round trips per stage (one session at a time, 200 messages)");
        o.WriteLine();
        o.WriteLine("| store | recipient | connect | HELO + MAIL | RCPT | transaction end | session end | total |");
        o.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in stages)
            o.WriteLine($"| {s.Label} | {(s.Unknown ? "unknown" : "valid")} | {string.Join(" | ", s.PerStage.Select(x => F(x, "0.##")))} | {F(s.PerStage.Sum(), "0.##")} |");
    }
}
