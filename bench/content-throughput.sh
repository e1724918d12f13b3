#!/usr/bin/env bash
# Content scanning: Mizugiwa's content level vs SpamAssassin (spamd + spamc from Debian), same box,
# same run, same message set.
#
#   bench/content-throughput.sh                 # from the repository root; ~5 min on 2 cores
#   PASSES=5 REPEATS=1 SKIP_BUILD=1 bench/content-throughput.sh
#
# What it does (everything on 127.0.0.1; what it starts is stopped by PID on exit):
#   1. builds the message set of ../shared/bench-peers/build-corpus.sh (a deterministic slice of
#      300 messages of the SpamAssassin public corpus, half spam) into a temp dir;
#   2. SpamAssassin: spamd -L (local tests only, no DNS, Bayes off, as ../shared/bench-peers/
#      04-content-scan.sh runs it) with 2 children, warm-up of 40 messages, then the set through
#      `spamc -c` at c=1 and c=2 (xargs -P); rate = messages / wall time;
#   3. Mizugiwa: a temp data dir whose Bayes dictionary is trained on the corpus folders spam_2 and
#      easy_ham_2 (so Bayes votes, which SpamAssassin's run does not do), DNS pointed at a loopback
#      stub that answers NXDOMAIN to everything (../shared/bench-peers/nx_dns.py), then
#      `mizugiwa scan --batch` over the set PASSES times in one process (one warm-up pass not
#      counted), at c=1 and c=2 (two processes, each on its share of the passes);
#   4. prints a markdown table with both rates and their ratio, also written to
#      bench/results/content-throughput-<date>.md.
# Knobs: REPEATS (3, best of), PASSES (10), SKIP_BUILD (0), KEEP_WORK (0).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$REPO/../shared"
PEERS="$SHARED/bench-peers"
REPEATS="${REPEATS:-3}"
PASSES="${PASSES:-10}"
WORK="$(mktemp -d /tmp/mizugiwa-content-bench.XXXXXX)"
chmod 755 "$WORK" # spamd drops to debian-spamd and must reach its home below it
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    [ -f "$WORK/spamd.pid" ] && kill "$(cat "$WORK/spamd.pid")" 2>/dev/null || true
    [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

[ -d "$SHARED/corpus/spamassassin-public/spam" ] || { echo "missing $SHARED/corpus/spamassassin-public" >&2; exit 1; }
need=(); for p in spamassassin spamd spamc bc; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then log "apt-get install ${need[*]}"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then log "dotnet build"; dotnet build "$REPO/src/Mizugiwa" -c Release --nologo -v q >/dev/null; fi
MZ=(dotnet "$REPO/src/Mizugiwa/bin/Release/net10.0/mizugiwa.dll")

CORPUS="$WORK/corpus"
RUN_DIR="$WORK/peers" RESULTS_DIR="$WORK/peers-results" CORPUS_DIR="$CORPUS" bash "$PEERS/build-corpus.sh" >/dev/null
N=$(wc -l <"$CORPUS/labels.tsv")
log "message set: $N messages in $CORPUS"

# --- SpamAssassin -----------------------------------------------------------------------------
SA_PORT=$(free_port)
mkdir -p "$WORK/sa/etc" "$WORK/sa/home"
cp /etc/spamassassin/*.pre /etc/spamassassin/*.cf "$WORK/sa/etc/"
printf 'dns_available no\nskip_rbl_checks 1\nuse_bayes 0\nbayes_auto_learn 0\nuse_razor2 0\nuse_pyzor 0\n' >"$WORK/sa/etc/99_bench.cf"
chown -R debian-spamd: "$WORK/sa/home" 2>/dev/null || true
spamd -L -x --siteconfigpath="$WORK/sa/etc" --listen="127.0.0.1:$SA_PORT" --min-children=2 --max-children=4 --min-spare=2 \
    -u debian-spamd -H "$WORK/sa/home" -r "$WORK/spamd.pid" -d -s "$WORK/sa/spamd.log"
for _ in $(seq 1 600); do
    spamc -d 127.0.0.1 -p "$SA_PORT" -c -x -t 30 <"$CORPUS/0000.eml" >/dev/null 2>&1 && break
    [ $? -le 1 ] && break; sleep 0.2
done
(cd "$CORPUS" && cut -f1 labels.tsv | head -40 | xargs -P 2 -I{} sh -c 'spamc -d 127.0.0.1 -p '"$SA_PORT"' -c -t 60 < "$1" >/dev/null' _ {}) || true

sa_run() { # conc -> rate
    local conc=$1 t0 t1 n
    t0=$(now)
    n=$(cd "$CORPUS" && cut -f1 labels.tsv | xargs -P "$conc" -I{} sh -c 'spamc -d 127.0.0.1 -p '"$SA_PORT"' -c -x -t 60 < "$1" >/dev/null; [ $? -le 1 ] && echo ok' _ {} | grep -c ok)
    t1=$(now)
    echo "$n / ($t1 - $t0)" | bc -l
}

# --- Mizugiwa ---------------------------------------------------------------------------------
DNS_PORT=$(free_port)
python3 "$PEERS/nx_dns.py" --port "$DNS_PORT" --stats "$WORK/dns.tsv" --max-seconds 1800 &
PIDS+=($!)
export MIZUGIWA__DataDirectory="$WORK/data" MIZUGIWA__Checks__Dns__Servers__0="127.0.0.1:$DNS_PORT" MIZUGIWA__Checks__Dns__Retries=0
log "training Bayes on spam_2 and easy_ham_2"
"${MZ[@]}" bayes train --spam "$SHARED/corpus/spamassassin-public/spam_2" --ham "$SHARED/corpus/spamassassin-public/easy_ham_2" >/dev/null 2>&1 \
    || log "bayes training failed or unavailable: scanning without Bayes"

mz_run() { # conc -> rate; each process scans PASSES/conc passes after one warm-up pass
    local conc=$1 per=$((PASSES / $1)) t0 t1 n i
    for i in $(seq 1 "$conc"); do
        ( cd "$CORPUS"; { cut -f1 labels.tsv; for _ in $(seq 1 "$per"); do cut -f1 labels.tsv; done; } \
            | "${MZ[@]}" scan --batch >"$WORK/mz-$i.out" 2>"$WORK/mz-$i.err" ) &
    done
    # The warm-up pass is inside the timed window for every process; subtract it by counting only
    # the measured lines and timing from the moment all processes finished their warm-up pass.
    local start_lines=$((N)) ready=0
    while [ "$ready" -lt "$conc" ]; do
        ready=0; for i in $(seq 1 "$conc"); do [ "$(wc -l <"$WORK/mz-$i.out" 2>/dev/null || echo 0)" -ge "$start_lines" ] && ready=$((ready + 1)); done
        sleep 0.05
    done
    t0=$(now)
    wait
    t1=$(now)
    n=0; for i in $(seq 1 "$conc"); do n=$((n + $(wc -l <"$WORK/mz-$i.out") - start_lines)); done
    echo "$n / ($t1 - $t0)" | bc -l
}

detect() { # file list with flags -> "spam x/y, ham x/y"
    awk -F'\t' 'NR == FNR { lab[$1] = $2; next } { if (seen[$1]++) next; if (lab[$1] == "spam") { s++; if ($2 == 1) ts++ } else { h++; if ($2 == 1) fh++ } }
        END { printf "spam flagged %d/%d, ham flagged %d/%d", ts, s, fh, h }' "$CORPUS/labels.tsv" "$WORK/mz-1.out"
}

best() { sort -g | tail -1; }
declare -A SA_RATE MZ_RATE
for conc in 1 2; do
    SA_RATE[$conc]=$(for _ in $(seq 1 "$REPEATS"); do sa_run "$conc"; done | best)
    log "spamassassin c=$conc: ${SA_RATE[$conc]} msg/s"
    MZ_RATE[$conc]=$(for _ in $(seq 1 "$REPEATS"); do mz_run "$conc"; done | best)
    log "mizugiwa c=$conc: ${MZ_RATE[$conc]} msg/s"
done
DETECT=$(detect)

report() {
    echo "# Content scanning throughput, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "Message set: $N messages of the SpamAssassin public corpus (../shared/bench-peers/build-corpus.sh). Best of $REPEATS runs."
    echo "Mizugiwa: \`mizugiwa scan --batch\`, all analyzers, DNS answered NXDOMAIN on loopback; $DETECT (last pass, c=1)."
    echo "SpamAssassin: spamd -L + spamc -c per message, network tests and Bayes off."
    echo
    echo "| clients | SpamAssassin msg/s | Mizugiwa msg/s | ratio |"
    echo "|---|---|---|---|"
    for conc in 1 2; do
        printf '| %s | %.1f | %.1f | %.1fx |\n' "$conc" "${SA_RATE[$conc]}" "${MZ_RATE[$conc]}" "$(echo "${MZ_RATE[$conc]} / ${SA_RATE[$conc]}" | bc -l)"
    done
    echo
    echo "Reproduce: \`bench/content-throughput.sh\` (PASSES=$PASSES, REPEATS=$REPEATS)."
}
mkdir -p "$REPO/bench/results"
report | tee "$REPO/bench/results/content-throughput-$(date -u +%Y%m%d-%H%M).md"
