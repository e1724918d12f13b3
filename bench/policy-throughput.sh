#!/usr/bin/env bash
# Policy throughput: postgrey (Debian) vs Mizugiwa's Postfix policy server, same box, same run,
# same load generator (bench/PolicyLoad, a small C# client; LOAD=py for bench/policy_load.py).
#
#   bench/policy-throughput.sh                 # from the repository root, as root; ~2-4 min on 2 cores
#   N=5000 CONNS="1 4 16" bench/policy-throughput.sh
#   SKIP_BUILD=1 KEEP_WORK=1 bench/policy-throughput.sh
#
# What it does (everything on 127.0.0.1; everything it starts is stopped by PID on exit):
#   servers, each fresh (new database) and warmed up with WARM requests of other triplets (so that
#   Mizugiwa's JIT has settled; postgrey gets the same):
#     postgrey           postgrey 1.37 --delay=1 --auto-whitelist-clients=0 (BerkeleyDB)
#     mizugiwa-greylist  `mizugiwa serve` with PolicyServer enabled, Checks:Rgrey:Mode=GreylistAll
#                        (greylist every client, like postgrey), DelaySeconds=1, AutoWhitelistAfter=0
#     mizugiwa-rgrey     the same with the default mode, Rgrey (only S25R clients are greylisted)
#     mizugiwa-off       diagnostic row: Rgrey:Mode=Off (no greylisting database at all), i.e. what the
#                        protocol, the other checks and the logging cost on their own
#   for each server and each C in CONNS: N requests with distinct triplets over C connections
#   ("new": first sight, greylisted), then, after 2 s (> the 1 s delay), the same N triplets again
#   ("seen": a retry that passes). The load is a mix of clients: a quarter without a name, a
#   quarter with dynamic names (both S25R), half with proper mail-server names.
#   Decisions/s = N / client wall time; p50/p99 latency per request; server CPU per request =
#   CPU time (user+sys) of the server's process tree over the run / N (the figure that other load on
#   this shared 2-core box disturbs least, and the client's CPU does not enter).
#   Writes a markdown report to stdout and to bench/results/policy-throughput-<date>.md.
#
# Knobs: N (20000), CONNS ("16"; e.g. "1 4 16"), LOAD (cs: bench/PolicyLoad; py: bench/policy_load.py),
# PROCS (2: Python load-client processes, LOAD=py only), WARM (30000), RUN_TIMEOUT (120 s per run),
# SKIP_BUILD (0), KEEP_WORK (0: the temp dir is removed after a successful run).
# The client's own ceiling on this box: `policy-load --dunno-server` answers DUNNO and nothing else
# (bench/PolicyLoad/README.md).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$REPO/bench"
N="${N:-20000}"
CONNS="${CONNS:-16}"
PROCS="${PROCS:-2}"
LOAD="${LOAD:-cs}"
WARM="${WARM:-30000}"
RUN_TIMEOUT="${RUN_TIMEOUT:-120}"
SKIP_BUILD="${SKIP_BUILD:-0}"
KEEP_WORK="${KEEP_WORK:-0}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)"
MZ_DLL="$REPO/src/Mizugiwa/bin/Release/net10.0/mizugiwa.dll"
PL_DLL="$BENCH/PolicyLoad/bin/Release/net10.0/policy-load.dll"
T_START=$(date +%s)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }   # calc FORMAT EXPR

for tool in postgrey dotnet "$PY"; do
    command -v "$tool" >/dev/null || die "$tool not found (scripts/install-test-deps.sh installs postgrey; .NET 10 SDK)"
done
id postgrey >/dev/null 2>&1 || die "user postgrey missing (apt-get install postgrey)"

WORK="$(mktemp -d /var/tmp/mizugiwa-policy-bench.XXXXXX)"
chmod 755 "$WORK"
RAW="$WORK/raw.tsv"    # server conns phase requests wall rate p50 p99 cpu_us actions
: >"$RAW"
SRV_PID=""

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {   # wait_port PORT SECONDS
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        if timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}
pid_tree() {
    ps -eo pid=,ppid= | awk -v root="$1" '
        { kids[$2] = kids[$2] " " $1 }
        END { n = 1; q[1] = root; for (i = 1; i <= n; i++) { print q[i]; m = split(kids[q[i]], k, " "); for (j = 1; j <= m; j++) q[++n] = k[j] } }'
}
tree_cpu_s() {
    local files=() p
    for p in $(pid_tree "$1"); do files+=("/proc/$p/stat"); done
    cat "${files[@]}" 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" '
        { sub(/^.*\) /, ""); t += $12 + $13 + $14 + $15 } END { printf "%.3f\n", t / hz }' || true
}
stop_tree() {   # stop_tree PID : TERM, bounded wait for the whole tree, then KILL what is left
    local root=$1 pids i left p
    [ -n "$root" ] && kill -0 "$root" 2>/dev/null || return 0
    pids=$(pid_tree "$root" | tr '\n' ' ')
    kill -TERM "$root" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        left=""
        for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
        [ -z "$left" ] && break
        sleep 0.1
    done
    for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
    wait "$root" 2>/dev/null || true
}
stop_server() { stop_tree "$SRV_PID"; SRV_PID=""; }

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    stop_server
    if [ "$rc" -eq 0 ] && [ "$KEEP_WORK" != 1 ]; then rm -rf "$WORK"; else log "scratch state kept in $WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- servers --------------------------------------------------------------------------------
PORT=""
start_postgrey() {
    local dir="$WORK/postgrey"
    mkdir -p "$dir/db"; chown postgrey:postgrey "$dir/db"
    PORT=$(free_port)
    # --delay=1: a triplet seen again after 1 s passes; auto-whitelisting off so every request goes
    # through the triplet database (as Mizugiwa's AutoWhitelistAfter=0 below)
    postgrey --inet="127.0.0.1:$PORT" --dbdir="$dir/db" --pidfile="$dir/postgrey.pid" --daemonize \
        --delay=1 --auto-whitelist-clients=0 >"$dir/postgrey.out" 2>&1 || { cat "$dir/postgrey.out" >&2; die "postgrey failed to start"; }
    local i
    for ((i = 0; i < 200; i++)); do [ -s "$dir/postgrey.pid" ] && break; sleep 0.1; done
    SRV_PID=$(tr -dc '0-9' <"$dir/postgrey.pid" 2>/dev/null || true)
    [ -n "$SRV_PID" ] || die "postgrey wrote no pid file"
    wait_port "$PORT" 30 || die "postgrey not listening on $PORT"
}
start_mizugiwa() {   # start_mizugiwa NAME MODE
    local dir="$WORK/$1"
    mkdir -p "$dir"
    PORT=$(free_port)
    local mx; mx=$(free_port)
    # a simple command in the background: env execs dotnet, so $! is the server itself.
    # Clients are 198.18.x (not trusted); Postfix gives client_name, so no PTR lookups; no DNSBL
    # zones; DNS pointed at a dead loopback port so that nothing could leave the box anyway.
    env MIZUGIWA__DataDirectory="$dir/data" MIZUGIWA__HostName=mx.bench.test \
        MIZUGIWA__Mx__Address=127.0.0.1 MIZUGIWA__Web__Enabled=false MIZUGIWA__Mx__Port="$mx" \
        MIZUGIWA__PolicyServer__Enabled=true MIZUGIWA__PolicyServer__Port="$PORT" \
        MIZUGIWA__Checks__Rgrey__Mode="$2" MIZUGIWA__Checks__Rgrey__DelaySeconds=1 \
        MIZUGIWA__Checks__Rgrey__AutoWhitelistAfter=0 \
        MIZUGIWA__Checks__Dns__Servers__0=127.0.0.1:9 MIZUGIWA__Checks__Dns__TimeoutMilliseconds=300 \
        MIZUGIWA__ShutdownGraceSeconds=1 \
        dotnet "$MZ_DLL" serve >>"$dir/mizugiwa.log" 2>&1 &
    SRV_PID=$!
    wait_port "$PORT" 60 || { tail -20 "$dir/mizugiwa.log" >&2; die "mizugiwa did not listen on $PORT"; }
}

# the load client (one JSON line on stdout)
if [ "$LOAD" = py ]; then CLIENT=("$PY" "$BENCH/policy_load.py"); else CLIENT=(dotnet "$PL_DLL"); fi

# load SERVER CONNS PHASE TAG : one bounded run; appends a row to $RAW
load() {
    local srv=$1 c=$2 phase=$3 tag=$4 c0 c1 j rate wall p50 p99 acts cpu
    c0=$(tree_cpu_s "$SRV_PID")
    j=$(timeout "$((RUN_TIMEOUT + 30))" "${CLIENT[@]}" --port "$PORT" -n "$N" -c "$c" -P "$PROCS" --tag "$tag" --max-seconds "$RUN_TIMEOUT") \
        || die "$srv c=$c $phase: load client failed"
    c1=$(tree_cpu_s "$SRV_PID")
    read -r rate wall p50 p99 acts < <("$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["rate"], d["wall_s"], d["p50_ms"], d["p99_ms"], ",".join(f"{k}={v}" for k,v in sorted(d["actions"].items())) + ("/TIMEOUT" if d["timed_out"] else "") + ("/ERR:" + d["errors"][0].replace(" ", "_")[:80] if d["errors"] else ""))' "$j")
    cpu=$(calc '%.1f' "($c1 - $c0) * 1000000 / $N")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$srv" "$c" "$phase" "$N" "$wall" "$rate" "$p50" "$p99" "$cpu" "$acts" >>"$RAW"
    log "$srv c=$c $phase: $rate decisions/s, p50 ${p50} ms, p99 ${p99} ms, server CPU ${cpu} us/req, $acts"
}

measure() {   # measure SERVER : warm-up, then new + seen for each C
    local srv=$1 c tag
    timeout 120 "${CLIENT[@]}" --port "$PORT" -n "$WARM" -c 4 -P 1 --tag "warm$RANDOM" >/dev/null || die "$srv warm-up failed"
    for c in $CONNS; do
        tag="c${c}x$RANDOM"
        load "$srv" "$c" new "$tag"
        sleep 2   # > the 1 s greylisting delay of both servers
        load "$srv" "$c" seen "$tag"
    done
}

# ============================================================================================
if [ "$SKIP_BUILD" != 1 ]; then
    log "building Mizugiwa (Release)"
    (cd "$REPO" && dotnet build src/Mizugiwa -c Release -nologo -v q >"$WORK/build.log" 2>&1) || { tail -30 "$WORK/build.log" >&2; die "dotnet build failed"; }
    if [ "$LOAD" != py ]; then
        (cd "$REPO" && dotnet build bench/PolicyLoad -c Release -nologo -v q >>"$WORK/build.log" 2>&1) || { tail -30 "$WORK/build.log" >&2; die "load client build failed"; }
    fi
fi
[ -f "$MZ_DLL" ] || die "$MZ_DLL missing"
[ "$LOAD" = py ] || [ -f "$PL_DLL" ] || die "$PL_DLL missing"

log "work dir $WORK; N=$N CONNS=\"$CONNS\" LOAD=$LOAD WARM=$WARM"
start_postgrey;                            log "postgrey pid $SRV_PID on 127.0.0.1:$PORT";  measure postgrey;          stop_server
start_mizugiwa mizugiwa-greylist GreylistAll; log "mizugiwa (GreylistAll) pid $SRV_PID on 127.0.0.1:$PORT"; measure mizugiwa-greylist; stop_server
start_mizugiwa mizugiwa-rgrey Rgrey;       log "mizugiwa (Rgrey) pid $SRV_PID on 127.0.0.1:$PORT"; measure mizugiwa-rgrey; stop_server
start_mizugiwa mizugiwa-off Off;           log "mizugiwa (Off) pid $SRV_PID on 127.0.0.1:$PORT"; measure mizugiwa-off; stop_server
MZ_WARN=$(cat "$WORK"/mizugiwa-*/mizugiwa.log | grep -Ecv ' (info|dbug|trce): ' || true)
MZ_DECISIONS=$(cat "$WORK"/mizugiwa-*/mizugiwa.log | grep -c 'stage=POLICY' || true)

# ============================================================================================
col() {   # col SERVER CONNS PHASE COLUMN
    awk -F'\t' -v s="$1" -v c="$2" -v p="$3" -v col="$4" '$1 == s && $2 == c && $3 == p { print $col; exit }' "$RAW"
}
ratio() { if [ -z "$1" ] || [ -z "$2" ] || [ "$2" = 0 ]; then echo NA; else calc '%.1f' "$1 / $2"; fi; }

OUT="$BENCH/results/policy-throughput-$(date -u +%Y-%m-%d).md"
[ -e "$OUT" ] && OUT="$BENCH/results/policy-throughput-$(date -u +%Y-%m-%d-%H%M%S).md"
mkdir -p "$BENCH/results"
report() {
    echo "# Policy throughput: postgrey vs Mizugiwa's policy server"
    echo
    echo "- date: $(date -u +%FT%TZ); command: \`bench/policy-throughput.sh\` (N=$N, CONNS=\"$CONNS\", LOAD=$LOAD, WARM=$WARM; elapsed $(($(date +%s) - T_START)) s)"
    echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the box disturbs the rates; CPU per request less)"
    echo "- machine: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(. /etc/os-release && echo "$PRETTY_NAME"), data on $(df -T "$WORK" | awk 'NR == 2 { print $2 }')"
    echo "- postgrey $(dpkg-query -W -f='${Version}' postgrey 2>/dev/null) (Debian); Mizugiwa git $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown), Release, .NET $(dotnet --version 2>/dev/null)"
    echo "- Mizugiwa logged $MZ_DECISIONS decision lines, $MZ_WARN lines above info level"
    echo
    echo "| server | conns | phase | decisions/s | p50 ms | p99 ms | server CPU us/req | actions |"
    echo "|---|---:|---|---:|---:|---:|---:|---|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $6, $7, $8, $9, $10 }' "$RAW"
    echo
    echo "Ratios to postgrey (rate: Mizugiwa/postgrey, higher is better; CPU: postgrey/Mizugiwa, higher is better):"
    echo
    echo "| mode | conns | phase | rate ratio | CPU-per-request ratio |"
    echo "|---|---:|---|---:|---:|"
    local srv c p
    for srv in mizugiwa-greylist mizugiwa-rgrey mizugiwa-off; do
        for c in $CONNS; do
            for p in new seen; do
                echo "| $srv | $c | $p | $(ratio "$(col "$srv" "$c" "$p" 6)" "$(col postgrey "$c" "$p" 6)") | $(ratio "$(col postgrey "$c" "$p" 9)" "$(col "$srv" "$c" "$p" 9)") |"
            done
        done
    done
}
report | tee "$OUT"
log "report written to ${OUT#"$REPO"/}"
