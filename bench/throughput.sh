#!/usr/bin/env bash
# Mizugiwa vs a throwaway Postfix, same box, same run, same load generator.
#
#   bench/throughput.sh                      # from the repository root; ~4-6 min on 2 cores
#   REPEATS=1 bench/throughput.sh            # one run per measurement instead of best of 3
#   SKIP_BUILD=1 KEEP_WORK=1 bench/throughput.sh
#
# What it does (everything on 127.0.0.1, everything it starts is stopped by PID on exit):
#   1. builds Mizugiwa (Release), provisions bench.test + user@bench.test in a temp data dir and
#      starts `mizugiwa serve` on a free loopback port;
#      sets up a throwaway Postfix (own main.cf/master.cf/queue in the same temp dir) as an MX for
#      bench.test: virtual transport into a Maildir, queue on disk, client not in mynetworks,
#      no DNS. Postfix is run as `master -d` (see ../shared/TESTING-NOTES.md, "Postfix as a peer";
#      adapted from ../shared/bench-peers/postfix-instance.sh).
#   2. idle-connection memory: fresh servers, 20-message warm-up, then IDLE_CONNS connections that
#      only read the 220 greeting (bench/hold_idle.py); RSS and PSS of the server's process tree
#      before and while holding (Postfix: master + every child, i.e. one smtpd per connection).
#   3. throughput: servers restarted, 700-message warm-up, then for c in 1 10 100, alternating
#      Mizugiwa and Postfix, `smtp-source -s c -m N -l 4096 -f sender@client.test
#      -t user@bench.test`; accept rate = N / smtp-source wall time (every 250 after DATA means
#      the message is on disk); then waits until all N are in the Maildir (end-to-end rate) and
#      takes the servers' CPU time for the whole interval, plus the CPU used by smtp-source and
#      by everything else on the box (this VM is shared). Best of REPEATS runs, medians as well;
#      the server order alternates from one repeat to the next.
#   4. writes a markdown report to stdout and to bench/results/throughput-<date>.md.
#
# Knobs (environment): REPEATS (3), CONCS ("1 10 100"), MSGS_C1 (2000, for c=1), MSGS (5000, for
# c>1), MSG_BYTES (4096), IDLE_CONNS (1000), RUN_TIMEOUT (120 s per smtp-source run),
# DRAIN_TIMEOUT (90 s), TIME_BUDGET (540 s: extra repeats are skipped past it), QUIET_PCT (20) and
# QUIET_WAIT (15 s): before each run wait up to QUIET_WAIT s for a second in which the box's CPU
# use (other people's builds and tests; our servers are idle then) is under QUIET_PCT %, SKIP_BUILD (0),
# KEEP_WORK (0: the temp dir is removed after a successful run, kept after a failure).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$REPO/bench"
REPEATS="${REPEATS:-3}"
CONCS="${CONCS:-1 10 100}"
MSGS_C1="${MSGS_C1:-2000}"
MSGS="${MSGS:-5000}"
MSG_BYTES="${MSG_BYTES:-4096}"
IDLE_CONNS="${IDLE_CONNS:-1000}"
RUN_TIMEOUT="${RUN_TIMEOUT:-120}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-90}"
TIME_BUDGET="${TIME_BUDGET:-540}"
QUIET_PCT="${QUIET_PCT:-20}"
QUIET_WAIT="${QUIET_WAIT:-15}"
SKIP_BUILD="${SKIP_BUILD:-0}"
KEEP_WORK="${KEEP_WORK:-0}"
FROM="sender@client.test"
RCPT="user@bench.test"
DOMAIN="bench.test"
PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)"
MZ_DLL="$REPO/src/Mizugiwa/bin/Release/net10.0/mizugiwa.dll"
PF_DAEMON_DIR=/usr/lib/postfix/sbin
T_START=$(date +%s)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }   # calc FORMAT EXPR

for tool in smtp-source dotnet "$PF_DAEMON_DIR/master" postfix; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install postfix; .NET 10 SDK)"
done

# --- limits ---------------------------------------------------------------------------------
hard=$(ulimit -Hn)
[ "$hard" = unlimited ] && hard=65536
[ "$hard" -gt 65536 ] && hard=65536
ulimit -n "$hard"
[ "$(ulimit -n)" -ge $((IDLE_CONNS + 500)) ] || die "open-file limit $(ulimit -n) too low for $IDLE_CONNS connections"

# --- scratch state --------------------------------------------------------------------------
WORK="$(mktemp -d /var/tmp/mizugiwa-bench.XXXXXX)"
chmod 755 "$WORK"                       # postfix daemons (user postfix) must traverse it
MZ_DATA="$WORK/mizugiwa"
PF_BASE="$WORK/postfix"
PF_CONF="$PF_BASE/etc"
PF_SPOOL="$PF_BASE/spool"
PF_MAIL="$PF_BASE/mail"
RAW="$WORK/raw.tsv"                     # server conc run msgs wall rate drain e2e cpu_ms delivered rc srv% client% other% busy_before% note
: >"$RAW"
MZ_PID=""
PF_PID=""
HOLD_PID=""

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {   # wait_port PORT SECONDS
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        if timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}

# Descendants of a PID (itself included).
pid_tree() {
    ps -eo pid=,ppid= | awk -v root="$1" '
        { kids[$2] = kids[$2] " " $1 }
        END { n = 1; q[1] = root; for (i = 1; i <= n; i++) { print q[i]; m = split(kids[q[i]], k, " "); for (j = 1; j <= m; j++) q[++n] = k[j] } }'
}
tree_count() { pid_tree "$1" | wc -l; }
tree_rss_kb() {
    local p s=0 v
    for p in $(pid_tree "$1"); do
        v=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true); s=$((s + ${v:-0}))
    done
    echo "$s"
}
tree_pss_kb() {
    local p s=0 v
    for p in $(pid_tree "$1"); do
        v=$(awk '/^Pss:/ { print $2; exit }' "/proc/$p/smaps_rollup" 2>/dev/null || true); s=$((s + ${v:-0}))
    done
    echo "$s"
}
# Sum of private memory (USS: Private_Clean + Private_Dirty, KiB) over a process tree; unlike PSS
# it does not move when unrelated processes that map the same files (other dotnet runs) come and go.
tree_uss_kb() {
    local p s=0 v
    for p in $(pid_tree "$1"); do
        v=$(awk '/^Private_(Clean|Dirty):/ { t += $2 } END { print t + 0 }' "/proc/$p/smaps_rollup" 2>/dev/null || true); s=$((s + ${v:-0}))
    done
    echo "$s"
}
# CPU seconds (user+sys, plus reaped children) of a process tree so far.
tree_cpu_s() {
    local files=() p
    for p in $(pid_tree "$1"); do files+=("/proc/$p/stat"); done
    cat "${files[@]}" 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" '
        { sub(/^.*\) /, ""); t += $12 + $13 + $14 + $15 } END { printf "%.3f\n", t / hz }' || true
}

stop_tree() {   # stop_tree NAME PID : TERM the root, wait for the whole tree, KILL what is left
    local name=$1 root=$2 pids i left p
    [ -n "$root" ] && kill -0 "$root" 2>/dev/null || return 0
    pids=$(pid_tree "$root" | tr '\n' ' ')
    kill -TERM "$root" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        left=""
        for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
        [ -z "$left" ] && break
        sleep 0.1
    done
    if [ -n "$left" ]; then
        log "$name: still running after TERM:$left; sending KILL"
        for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
    fi
    wait "$root" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    [ -n "$HOLD_PID" ] && { touch "$WORK/release"; kill "$HOLD_PID" 2>/dev/null; wait "$HOLD_PID" 2>/dev/null; }
    stop_tree mizugiwa "$MZ_PID"
    stop_tree postfix "$PF_PID"
    if [ "$rc" -eq 0 ] && [ "$KEEP_WORK" != 1 ]; then
        rm -rf "$WORK"
    else
        log "scratch state kept in $WORK (logs: mizugiwa.log, postfix/postfix.log, raw.tsv)"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

MZ_PORT=$(free_port)
PF_PORT=$(free_port)
while [ "$PF_PORT" = "$MZ_PORT" ]; do PF_PORT=$(free_port); done

# --- Mizugiwa -------------------------------------------------------------------------------
MZ_ENV=(MIZUGIWA__DataDirectory="$MZ_DATA" MIZUGIWA__Mx__Port="$MZ_PORT" MIZUGIWA__Mx__Address=127.0.0.1 MIZUGIWA__Web__Enabled=false
    MIZUGIWA__HostName=mx.bench.test MIZUGIWA__Limits__MaxConnections=1100 MIZUGIWA__ShutdownGraceSeconds=2)
mz() { env "${MZ_ENV[@]}" dotnet "$MZ_DLL" "$@"; }
mz_setup() {
    if [ "$SKIP_BUILD" != 1 ]; then
        log "building Mizugiwa (Release)"
        (cd "$REPO" && dotnet build src/Mizugiwa -c Release -nologo -v q >"$WORK/build.log" 2>&1) ||
            { tail -30 "$WORK/build.log" >&2; die "dotnet build failed"; }
    fi
    [ -f "$MZ_DLL" ] || die "$MZ_DLL missing"
    mkdir -p "$MZ_DATA"
    mz domain add "$DOMAIN" >>"$WORK/mizugiwa.log" 2>&1 || die "mizugiwa domain add failed"
    echo "bench-password" | mz account add "$RCPT" >>"$WORK/mizugiwa.log" 2>&1 || die "mizugiwa account add failed"
}
mz_start() {
    # a simple command (not a function) in the background: env execs dotnet, so $! is the server
    env "${MZ_ENV[@]}" dotnet "$MZ_DLL" serve >>"$WORK/mizugiwa.log" 2>&1 &
    MZ_PID=$!
    wait_port "$MZ_PORT" 60 || { tail -20 "$WORK/mizugiwa.log" >&2; die "mizugiwa did not listen on $MZ_PORT"; }
    log "mizugiwa pid $MZ_PID on 127.0.0.1:$MZ_PORT"
}
mz_stop() { stop_tree mizugiwa "$MZ_PID"; MZ_PID=""; }
mz_delivered() { find "$MZ_DATA/mail" -path '*/new/*' -type f 2>/dev/null | wc -l || true; }

# --- Postfix (throwaway instance; adapted from ../shared/bench-peers/postfix-instance.sh) -----
pf_setup() {
    mkdir -p "$PF_CONF" "$PF_SPOOL" "$PF_BASE/data" "$PF_MAIL"
    chown postfix:postfix "$PF_BASE/data"
    chown nobody:nogroup "$PF_MAIL"          # virtual(8) delivers as virtual_uid_maps
    echo "$RCPT $DOMAIN/user/" >"$PF_CONF/vmailbox"   # trailing slash = Maildir
    cat >"$PF_CONF/main.cf" <<EOF
# throwaway Postfix for bench/throughput.sh ($(date -u +%FT%TZ)); loopback only
compatibility_level = 3.6
config_directory = $PF_CONF
queue_directory = $PF_SPOOL
data_directory = $PF_BASE/data
meta_directory = /etc/postfix
command_directory = /usr/sbin
daemon_directory = $PF_DAEMON_DIR
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = $PF_BASE/postfix.log
myhostname = mta.pfbench.test
mydomain = localdomain
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
# the benchmark client (127.0.0.1) is a stranger, like an inbound MX peer
mynetworks =
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = texthash:$PF_CONF/vmailbox
virtual_mailbox_base = $PF_MAIL
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_minimum_uid = 100
local_recipient_maps =
alias_maps =
alias_database =
# no DNS anywhere
disable_dns_lookups = yes
smtp_host_lookup = native
lmtp_host_lookup = native
smtpd_peername_lookup = no
# no per-client limits (one client IP opens everything); enough smtpd processes for the idle test
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_client_recipient_rate_limit = 0
default_process_limit = 1100
smtpd_banner = \$myhostname ESMTP
biff = no
append_dot_mydomain = no
readme_directory = no
EOF
    cat >"$PF_CONF/master.cf" <<EOF
127.0.0.1:$PF_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
    # creates the queue directories with the right owners (no chroot is used)
    postfix -c "$PF_CONF" set-permissions >"$WORK/postfix-setup.log" 2>&1 || { cat "$WORK/postfix-setup.log" >&2; die "postfix set-permissions failed"; }
    postfix -c "$PF_CONF" check >>"$WORK/postfix-setup.log" 2>&1 || { cat "$WORK/postfix-setup.log" >&2; die "postfix check failed"; }
}
pf_start() {
    # `postfix -c DIR start` refuses a directory not in alternate_config_directories: run master directly
    # under setsid so that master leads its own process group (at TERM it signals that group)
    MAIL_CONFIG="$PF_CONF" setsid "$PF_DAEMON_DIR/master" -d -c "$PF_CONF" >>"$WORK/postfix-master.out" 2>&1 &
    PF_PID=$!
    wait_port "$PF_PORT" 30 || { tail -20 "$PF_BASE/postfix.log" "$WORK/postfix-master.out" >&2 || true; die "postfix did not listen on $PF_PORT"; }
    # setsid may have forked: take the PID master recorded itself
    local p=""
    [ -s "$PF_SPOOL/pid/master.pid" ] && p=$(tr -dc '0-9' <"$PF_SPOOL/pid/master.pid")
    [ -n "$p" ] && [ "$p" != "$PF_PID" ] && [ "$(ps -o comm= -p "$p" 2>/dev/null)" = master ] && PF_PID=$p
    log "postfix master pid $PF_PID on 127.0.0.1:$PF_PORT"
}
pf_stop() { stop_tree postfix "$PF_PID"; PF_PID=""; }
pf_delivered() { find "$PF_MAIL" -path '*/new/*' -type f 2>/dev/null | wc -l || true; }

port_of() { if [ "$1" = mizugiwa ]; then echo "$MZ_PORT"; else echo "$PF_PORT"; fi; }
pid_of() { if [ "$1" = mizugiwa ]; then echo "$MZ_PID"; else echo "$PF_PID"; fi; }
delivered() { if [ "$1" = mizugiwa ]; then mz_delivered; else pf_delivered; fi; }

# wait_delivered SERVER TARGET SECS : until TARGET messages are in the Maildir; prints "ok"/"timeout"
wait_delivered() {
    local i
    for ((i = 0; i < $3 * 5; i++)); do
        [ "$(delivered "$1")" -ge "$2" ] && { echo ok; return 0; }
        sleep 0.2
    done
    echo timeout
}

# smtp_source SERVER CONC MSGS OUTFILE : one bounded run, returns smtp-source's exit status
smtp_source() {
    local rc=0
    timeout "$RUN_TIMEOUT" smtp-source -s "$2" -m "$3" -l "$MSG_BYTES" -f "$FROM" -t "$RCPT" \
        "127.0.0.1:$(port_of "$1")" >"$4" 2>&1 || rc=$?
    return "$rc"
}

# measure SERVER CONC MSGS RUN : appends one row to $RAW
measure() {
    local srv=$1 conc=$2 n=$3 run=$4 before t0 t1 t2 c0 c1 rc=0 wall rate drain e2e cpu st got note
    local b0 j0 b1 j1 cu cs srvp clip othp TIMEFORMAT='%U %S'
    local out="$WORK/smtp-source.$srv.c$conc.r$run.out" quiet
    quiet=$(wait_quiet)
    before=$(delivered "$srv")
    c0=$(tree_cpu_s "$(pid_of "$srv")")
    read -r b0 j0 < <(stat_cpu)
    t0=$(now)
    { time smtp_source "$srv" "$conc" "$n" "$out"; } 2>"$WORK/client-time" || rc=$?
    t1=$(now)
    st=$(wait_delivered "$srv" $((before + n)) "$DRAIN_TIMEOUT")
    t2=$(now)
    read -r b1 j1 < <(stat_cpu)
    c1=$(tree_cpu_s "$(pid_of "$srv")")
    read -r cu cs <"$WORK/client-time" || { cu=0; cs=0; }
    # shares of the whole machine (all cores) over t0..t2, in %
    srvp=$(calc '%.0f' "($c1 - $c0) / (($t2 - $t0) * $(nproc)) * 100")
    clip=$(calc '%.0f' "($cu + $cs) / (($t2 - $t0) * $(nproc)) * 100")
    othp=$(calc '%.0f' "($b1 - $b0) / ($j1 - $j0 + 0.000001) * 100 - $srvp - $clip")
    got=$(( $(delivered "$srv") - before ))
    wall=$(calc '%.3f' "$t1 - $t0")
    drain=$(calc '%.3f' "$t2 - $t1")
    rate=NA; e2e=NA
    [ "$rc" -eq 0 ] && rate=$(calc '%.1f' "$n / ($t1 - $t0)")
    [ "$rc" -eq 0 ] && [ "$st" = ok ] && e2e=$(calc '%.1f' "$n / ($t2 - $t0)")
    cpu=$(calc '%.3f' "($c1 - $c0) * 1000 / $n")
    note="-"
    if [ -s "$out" ]; then note=$(head -c 300 "$out" | tr '\t\n|' '  /'); fi
    [ "$st" = ok ] || note="not all delivered after ${DRAIN_TIMEOUT}s; $note"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$srv" "$conc" "$run" "$n" "$wall" "$rate" "$drain" "$e2e" "$cpu" "$got" "$rc" "$srvp" "$clip" "$othp" "$quiet" "$note" >>"$RAW"
    log "$srv c=$conc run $run: $n msgs in ${wall}s = $rate msg/s accepted; in Maildir after +${drain}s ($got delivered) = $e2e msg/s end-to-end; CPU ${cpu} ms/msg; machine CPU: server ${srvp}% smtp-source ${clip}% other ${othp}% (box ${quiet}% busy just before); smtp-source rc=$rc"
    [ "$rc" -eq 0 ] || log "  smtp-source output: $(head -c 500 "$out")"
}

# idle_test SERVER : IDLE_CONNS idle connections; sets IDLE_<SERVER>="greeted opened rss0 rss1 pss0 pss1 n0 n1 uss0 uss1"
idle_test() {
    local srv=$1 root rss0 rss1 pss0 pss1 n0 n1 uss0 uss1 got=0 opened=0 i
    root=$(pid_of "$srv")
    smtp_source "$srv" 1 20 "$WORK/warmup-idle.$srv.out" || log "$srv idle warm-up: smtp-source failed: $(head -c 300 "$WORK/warmup-idle.$srv.out")"
    sleep 2
    rss0=$(tree_rss_kb "$root"); pss0=$(tree_pss_kb "$root"); uss0=$(tree_uss_kb "$root"); n0=$(tree_count "$root")
    rm -f "$WORK/ready" "$WORK/release"
    "$PY" "$BENCH/hold_idle.py" --port "$(port_of "$srv")" -n "$IDLE_CONNS" --ready-file "$WORK/ready" \
        --release-file "$WORK/release" --hold-seconds 240 2>"$WORK/hold.$srv.err" &
    HOLD_PID=$!
    for ((i = 0; i < 1500; i++)); do [ -s "$WORK/ready" ] && break; kill -0 "$HOLD_PID" 2>/dev/null || break; sleep 0.1; done
    [ -s "$WORK/ready" ] && read -r got opened <"$WORK/ready"
    sleep 3   # let the server settle
    rss1=$(tree_rss_kb "$root"); pss1=$(tree_pss_kb "$root"); uss1=$(tree_uss_kb "$root"); n1=$(tree_count "$root")
    touch "$WORK/release"
    wait "$HOLD_PID" 2>/dev/null || true
    HOLD_PID=""
    [ -s "$WORK/hold.$srv.err" ] && log "$srv idle holder: $(head -c 400 "$WORK/hold.$srv.err")"
    log "$srv idle: greeted $got/$opened (asked $IDLE_CONNS); processes $n0 -> $n1; RSS ${rss0} -> ${rss1} KiB; PSS ${pss0} -> ${pss1} KiB; USS ${uss0} -> ${uss1} KiB"
    printf -v "IDLE_$srv" '%s %s %s %s %s %s %s %s %s %s' "$got" "$opened" "$rss0" "$rss1" "$pss0" "$pss1" "$n0" "$n1" "$uss0" "$uss1"
}

# machine-wide CPU jiffies from /proc/stat: "busy total"
stat_cpu() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t; exit }' /proc/stat; }

# wait_quiet : bounded wait for a quiet second on the (shared) machine; prints the last busy %
wait_quiet() {
    local i b0 j0 b1 j1 pct=NA
    for ((i = 0; i < QUIET_WAIT; i++)); do
        read -r b0 j0 < <(stat_cpu); sleep 1; read -r b1 j1 < <(stat_cpu)
        pct=$(calc '%.0f' "($b1 - $b0) / ($j1 - $j0 + 0.000001) * 100")
        [ "$pct" -lt "$QUIET_PCT" ] && break
        over_budget && break
    done
    echo "$pct"
}

over_budget() { [ $(($(date +%s) - T_START)) -gt "$TIME_BUDGET" ]; }

# ============================================================================================
log "work dir $WORK; Mizugiwa port $MZ_PORT, Postfix port $PF_PORT; ulimit -n $(ulimit -n)"
mz_setup
pf_setup

# --- phase 1: memory per idle connection (fresh servers) ------------------------------------
mz_start; pf_start
idle_test mizugiwa
idle_test postfix
mz_stop; pf_stop

# --- phase 2: throughput (fresh servers, warm-up, then alternate) ---------------------------
mz_start; pf_start
for srv in mizugiwa postfix; do
    smtp_source "$srv" 10 500 "$WORK/warmup.$srv.out" || log "$srv warm-up: smtp-source failed: $(head -c 300 "$WORK/warmup.$srv.out")"
    smtp_source "$srv" 1 200 "$WORK/warmup1.$srv.out" || log "$srv warm-up: smtp-source failed: $(head -c 300 "$WORK/warmup1.$srv.out")"
done
wait_delivered mizugiwa 720 60 >/dev/null   # 20 + 500 + 200 warm-up messages
wait_delivered postfix 720 60 >/dev/null
RUNS_DONE=0
for run in $(seq 1 "$REPEATS"); do
    if [ "$run" -gt 1 ] && over_budget; then log "time budget ${TIME_BUDGET}s used: skipping repeat $run"; break; fi
    order="mizugiwa postfix"; [ $((run % 2)) -eq 0 ] && order="postfix mizugiwa"
    for conc in $CONCS; do
        n=$MSGS; [ "$conc" -eq 1 ] && n=$MSGS_C1
        for srv in $order; do measure "$srv" "$conc" "$n" "$run"; sleep 1; done
    done
    RUNS_DONE=$run
done

# log summaries (before stopping; files stay in $WORK)
MZ_LOG_LINES=$(wc -l <"$WORK/mizugiwa.log")
MZ_LOG_BAD=$(grep -Ev ' (info|dbug|trce): |^added ' "$WORK/mizugiwa.log" | grep -c . || true)
MZ_LOG_TOP=$(grep -Ev ' (info|dbug|trce): |^added ' "$WORK/mizugiwa.log" | sed -E 's/^[0-9T:.-]+Z //; s/id=[A-Z0-9]+//g; s/[0-9]{3,}/N/g' | sort | uniq -c | sort -rn | head -5 || true)
PF_LOG_BAD=$(grep -Ec 'warning|error|fatal|panic' "$PF_BASE/postfix.log" || true)
PF_LOG_TOP=$(grep -E 'warning|error|fatal|panic' "$PF_BASE/postfix.log" | sed -E 's/^.{15} //; s/\[[0-9]+\]//; s/[0-9A-F]{10,}/ID/g' | sort | uniq -c | sort -rn | head -5 || true)
mz_stop; pf_stop

# ============================================================================================
# report
best() {   # best SERVER CONC COLUMN max|min|median
    awk -F'\t' -v s="$1" -v c="$2" -v col="$3" -v mode="$4" '
        $1 == s && $2 == c && $col != "NA" { v[++n] = $col + 0 }
        END {
            if (!n) { printf "NA"; exit }
            for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
            if (mode == "max") r = v[n]; else if (mode == "min") r = v[1]
            else r = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
            printf "%g", r }' "$RAW"
}
ratio() { if [ "$1" = NA ] || [ "$2" = NA ] || [ "$2" = 0 ]; then echo NA; else calc '%.2f' "$1 / $2"; fi; }
per_conn() {   # per_conn "greeted opened rss0 rss1 pss0 pss1 n0 n1 uss0 uss1" rss|pss|uss
    local g o r0 r1 p0 p1 n0 n1 u0 u1
    read -r g o r0 r1 p0 p1 n0 n1 u0 u1 <<<"$1"
    [ "${g:-0}" -gt 0 ] || { echo NA; return; }
    case $2 in
        rss) calc '%.1f' "($r1 - $r0) / $g" ;;
        pss) calc '%.1f' "($p1 - $p0) / $g" ;;
        *) calc '%.1f' "($u1 - $u0) / $g" ;;
    esac
}

DATE_TAG=$(date -u +%Y-%m-%d)
OUT="$BENCH/results/throughput-$DATE_TAG.md"
[ -e "$OUT" ] && OUT="$BENCH/results/throughput-$(date -u +%Y-%m-%d-%H%M%S).md"
mkdir -p "$BENCH/results"
MZ_REV="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
MZ_DIRTY="$(git -C "$REPO" status --porcelain -- src 2>/dev/null | wc -l || true)"

report() {
    echo "# Mizugiwa vs Postfix: SMTP accept rate and idle-connection memory"
    echo
    echo "- date: $(date -u +%FT%TZ); command: \`bench/throughput.sh\` (REPEATS=$REPEATS, runs done: $RUNS_DONE, elapsed $(($(date +%s) - T_START)) s)"
    echo "- machine: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), data on $(df -T "$WORK" | awk 'NR == 2 { print $2 }')"
    echo "- Mizugiwa: git $MZ_REV ($MZ_DIRTY uncommitted file(s) under src/), Release build, .NET $(dotnet --version 2>/dev/null), defaults except MaxConnections=1100"
    echo "- Postfix: $(postconf -d -h mail_version 2>/dev/null) (Debian), MX for $DOMAIN, virtual(8) into a Maildir, default_process_limit=1100"
    echo "- load: smtp-source -l $MSG_BYTES, one connection per message, c=1: $MSGS_C1 msgs, c>1: $MSGS msgs; throughput = best of $RUNS_DONE run(s)"
    echo
    echo "| measurement | Mizugiwa | Postfix | Mizugiwa/Postfix |"
    echo "|---|---:|---:|---:|"
    local conc m p
    for conc in $CONCS; do
        m=$(best mizugiwa "$conc" 6 max); p=$(best postfix "$conc" 6 max)
        echo "| accept rate, c=$conc (msg/s, higher is better) | $m | $p | $(ratio "$m" "$p") |"
    done
    for conc in $CONCS; do
        m=$(best mizugiwa "$conc" 8 max); p=$(best postfix "$conc" 8 max)
        echo "| end-to-end into Maildir, c=$conc (msg/s) | $m | $p | $(ratio "$m" "$p") |"
    done
    for conc in $CONCS; do
        m=$(best mizugiwa "$conc" 9 min); p=$(best postfix "$conc" 9 min)
        echo "| server CPU per message, c=$conc (ms, accept+delivery, lower is better) | $m | $p | $(ratio "$m" "$p") |"
    done
    m=$(per_conn "$IDLE_mizugiwa" rss); p=$(per_conn "$IDLE_postfix" rss)
    echo "| memory per idle connection, RSS delta (KB/conn, lower is better) | $m | $p | $(ratio "$m" "$p") |"
    m=$(per_conn "$IDLE_mizugiwa" uss); p=$(per_conn "$IDLE_postfix" uss)
    echo "| memory per idle connection, private (USS) delta (KB/conn, lower is better) | $m | $p | $(ratio "$m" "$p") |"
    m=$(per_conn "$IDLE_mizugiwa" pss); p=$(per_conn "$IDLE_postfix" pss)
    echo "| memory per idle connection, PSS delta (KB/conn, lower is better) | $m | $p | $(ratio "$m" "$p") |"
    echo
    echo "## Medians of the $RUNS_DONE run(s)"
    echo
    echo "| measurement | Mizugiwa | Postfix | Mizugiwa/Postfix |"
    echo "|---|---:|---:|---:|"
    for conc in $CONCS; do
        m=$(best mizugiwa "$conc" 6 median); p=$(best postfix "$conc" 6 median)
        echo "| accept rate, c=$conc (msg/s) | $m | $p | $(ratio "$m" "$p") |"
    done
    for conc in $CONCS; do
        m=$(best mizugiwa "$conc" 9 median); p=$(best postfix "$conc" 9 median)
        echo "| server CPU per message, c=$conc (ms) | $m | $p | $(ratio "$m" "$p") |"
    done
    echo
    echo "## Every throughput run"
    echo
    echo "CPU columns are shares of the whole machine ($(nproc) cores) from the start of smtp-source until"
    echo "the last message was in the Maildir; *other* is everything else running on the box then"
    echo "(kernel I/O threads included); *busy before* is the box's CPU use in the second before the run."
    echo
    echo "| server | c | run | msgs | smtp-source wall s | accept msg/s | drain after s | end-to-end msg/s | CPU ms/msg | delivered | rc | server CPU % | smtp-source CPU % | other CPU % | busy before % | smtp-source output |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16 }' "$RAW"
    echo
    echo "## Idle connections"
    echo
    echo "| server | greeted/opened | processes before -> holding | RSS KiB before -> holding | USS KiB before -> holding | PSS KiB before -> holding |"
    echo "|---|---|---|---|---|---|"
    local srv g o r0 r1 p0 p1 n0 n1 u0 u1 v
    for srv in mizugiwa postfix; do
        v="IDLE_$srv"
        read -r g o r0 r1 p0 p1 n0 n1 u0 u1 <<<"${!v}"
        echo "| $srv | $g/$o | $n0 -> $n1 | $r0 -> $r1 | $u0 -> $u1 | $p0 -> $p1 |"
    done
    echo
    echo "RSS is summed over the server's process tree (Postfix: master, qmgr, pickup, ... and one smtpd"
    echo "per connection, so shared pages are counted once per process). USS counts only pages private to"
    echo "each process. PSS splits shared pages among all processes mapping them, so it is the fair figure"
    echo "for Postfix, but for Mizugiwa it also moves when unrelated dotnet processes on the box start or"
    echo "exit (they share the runtime's files); use RSS/USS for Mizugiwa."
    echo
    echo "## Server logs"
    echo
    echo "- Mizugiwa: $MZ_LOG_LINES log lines, $MZ_LOG_BAD not at info level"
    [ -n "$MZ_LOG_TOP" ] && echo '```' && echo "$MZ_LOG_TOP" && echo '```'
    echo "- Postfix: $PF_LOG_BAD warning/error/fatal/panic lines"
    [ -n "$PF_LOG_TOP" ] && echo '```' && echo "$PF_LOG_TOP" && echo '```'
    return 0
}
report | tee "$OUT"
log "report written to ${OUT#"$REPO"/}"
