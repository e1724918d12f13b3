#!/usr/bin/env bash
# Cost of the harvest guard + flow control per RCPT: guard off, embedded store, Redis, failover over Redis.
#
#   bench/harvest-cost.sh                     # from the repository root; ~1.5-2 min on 2 cores
#   RUN_SECONDS=1 CONCS="1 4 16" bench/harvest-cost.sh
#   SKIP_BUILD=1 bench/harvest-cost.sh
#
# What it does (everything on 127.0.0.1; what it starts is stopped by PID on exit, also on failure):
#   1. builds bench/HarvestCost (Release; a console project outside Mizugiwa.sln) with its own
#      artifacts directory (BUILD_DIR), so it never touches the bin/obj of the src projects;
#   2. starts a throwaway redis-server on a free loopback port (no persistence);
#   3. runs the benchmark once: for each configuration (guard off = a CheckPipeline without flow
#      control and harvest guard; EmbeddedStateStore in memory; RedisStateStore; FailoverStateStore
#      over Redis, as `mizugiwa serve` builds it with State:Backend=Redis) and each number of concurrent
#      simulated sessions (CONCS), it drives the pipeline for RUN_SECONDS (after WARMUP seconds) through
#      what SmtpSession calls for one message: connect, HELO, MAIL, one RCPT, transaction end, session
#      end — with a valid recipient (DATA received), then with an unknown one (no DATA). Default
#      HarvestGuardOptions and FlowControlOptions; client addresses chosen so that no limit fires; a
#      fresh store for every run; before each run a bounded wait for a quiet second on the (shared) box.
#      Reports wall time per message (= per RCPT), messages/s, allocations, CPU of the process and of
#      redis-server, and Redis round trips per message (RedisStateStore.RoundTrips before/after);
#   4. writes the markdown report to stdout and to bench/results/harvest-cost-<date>.md.
#
# Knobs (environment): RUN_SECONDS (3), WARMUP (0.7), CONCS ("1 16"), MAX_MESSAGES (150000 per run;
# bounds the memory of the counters), CONFIGS ("off embedded redis failover"), QUIET_PCT (25) and
# QUIET_WAIT (4 s): before each run wait up to QUIET_WAIT s for a second in which the box's CPU use is
# under QUIET_PCT % (other people's builds and tests), SKIP_BUILD (0),
# BUILD_DIR (/var/tmp/mizugiwa-harvest-cost-build), KEEP_WORK (0: temp dir removed after success).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$REPO/bench"
RUN_SECONDS="${RUN_SECONDS:-3}"
WARMUP="${WARMUP:-0.7}"
CONCS="${CONCS:-1 16}"
MAX_MESSAGES="${MAX_MESSAGES:-150000}"
CONFIGS="${CONFIGS:-off embedded redis failover}"
QUIET_PCT="${QUIET_PCT:-25}"
QUIET_WAIT="${QUIET_WAIT:-4}"
SKIP_BUILD="${SKIP_BUILD:-0}"
BUILD_DIR="${BUILD_DIR:-/var/tmp/mizugiwa-harvest-cost-build}"
KEEP_WORK="${KEEP_WORK:-0}"
REDIS_SERVER=/usr/bin/redis-server
BENCH_DLL="$BUILD_DIR/bin/HarvestCost/release/harvest-cost.dll"
PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)"
T_START=$(date +%s)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }

for tool in dotnet "$REDIS_SERVER" "$PY"; do
    command -v "$tool" >/dev/null || die "$tool not found (scripts/install-test-deps.sh: redis-server; .NET 10 SDK)"
done

WORK="$(mktemp -d /var/tmp/mizugiwa-harvest-cost.XXXXXX)"
REDIS_PID=""
cleanup() {
    local rc=$?
    if [ -n "$REDIS_PID" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
        kill "$REDIS_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$REDIS_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$REDIS_PID" 2>/dev/null || true
    fi
    if [ "$rc" -eq 0 ] && [ "$KEEP_WORK" != 1 ]; then rm -rf "$WORK"; else log "scratch kept in $WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {   # wait_port PORT SECONDS
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        if timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}
# machine-wide CPU jiffies from /proc/stat: "busy total"
stat_cpu() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t; exit }' /proc/stat; }

# --- build ------------------------------------------------------------------------------------
if [ "$SKIP_BUILD" != 1 ]; then
    log "building bench/HarvestCost (Release) into $BUILD_DIR"
    (cd "$REPO" && dotnet build bench/HarvestCost -c Release -nologo -v q --artifacts-path "$BUILD_DIR" >"$WORK/build.log" 2>&1) ||
        { tail -30 "$WORK/build.log" >&2; die "dotnet build failed"; }
fi
[ -f "$BENCH_DLL" ] || die "$BENCH_DLL missing"

# --- redis ------------------------------------------------------------------------------------
REDIS_PORT=$(free_port)
"$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --dir "$WORK" \
    >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
wait_port "$REDIS_PORT" 10 || { tail -20 "$WORK/redis.log" >&2; die "redis-server did not listen on $REDIS_PORT"; }
log "redis-server pid $REDIS_PID on 127.0.0.1:$REDIS_PORT"

# --- run --------------------------------------------------------------------------------------
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
read -r B0 J0 < <(stat_cpu)
RC=0
dotnet "$BENCH_DLL" --redis "127.0.0.1:$REDIS_PORT" --redis-pid "$REDIS_PID" --seconds "$RUN_SECONDS" --warmup "$WARMUP" \
    --concurrency "$CONCS" --max-messages "$MAX_MESSAGES" --configs "$CONFIGS" --quiet-percent "$QUIET_PCT" --quiet-wait "$QUIET_WAIT" \
    >"$WORK/tables.md" || RC=$?
read -r B1 J1 < <(stat_cpu)
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
[ "$RC" -eq 0 ] || [ "$RC" -eq 2 ] || die "benchmark failed (exit $RC)"
[ "$RC" -eq 2 ] && log "WARNING: some verdicts were not Continue (see the 'not Continue' column): a limit or threshold fired"
BUSY=$(awk -v b="$((B1 - B0))" -v j="$((J1 - J0))" 'BEGIN { printf "%.0f", b / (j + 0.000001) * 100 }')
REDIS_MEM=$(timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT; printf 'INFO memory\r\n' >&3; timeout 1 cat <&3" 2>/dev/null |
    awk -F: '/^used_memory_human:/ { gsub(/\r/, "", $2); print $2 }' || true)

# --- report -----------------------------------------------------------------------------------
DATE_TAG=$(date -u +%Y-%m-%d)
OUT="$BENCH/results/harvest-cost-$DATE_TAG.md"
[ -e "$OUT" ] && OUT="$BENCH/results/harvest-cost-$(date -u +%Y-%m-%d-%H%M%S).md"
mkdir -p "$BENCH/results"
REV="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git -C "$REPO" status --porcelain -- src 2>/dev/null | wc -l || true)"

report() {
    echo "# Harvest guard and flow control: cost per RCPT"
    echo
    echo "- date: $(date -u +%FT%TZ); command: \`bench/harvest-cost.sh\` (RUN_SECONDS=$RUN_SECONDS, WARMUP=$WARMUP, CONCS=\"$CONCS\", elapsed $(($(date +%s) - T_START)) s incl. build)"
    echo "- machine: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "- shared box: ${BUSY} % of all cores busy over the whole benchmark (waits included); load average $LOAD0 before, $LOAD1 after; per run see *other %* below"
    echo "- Mizugiwa: git $REV ($DIRTY uncommitted file(s) under src/), Release, .NET $(dotnet --version 2>/dev/null), server GC; $("$REDIS_SERVER" --version | awk '{ print $1, $2, $3 }') on loopback (--save '' --appendonly no), ${REDIS_MEM:-?} used at the end"
    echo "- pipeline: CheckPipeline(default PipelineOptions) with FlowControl(default FlowControlOptions) then HarvestGuard(default HarvestGuardOptions), in the order of PolicyServices; Redis client settings as StateServices.Connect"
    echo
    cat "$WORK/tables.md"
}
report | tee "$OUT"
log "report written to ${OUT#"$REPO"/}"
