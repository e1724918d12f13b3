#!/usr/bin/env bash
# Reading mail: Mizugiwa's IMAPS and POP3S against Dovecot's (dovecot-imapd, dovecot-pop3d from Debian),
# same box, same run, the same mailbox, the same client.
#
#   bench/mail-reading.sh                       # from the repository root; ~3 min on 2 cores
#   MESSAGES=1000 REPEATS=5 SKIP_BUILD=1 bench/mail-reading.sh
#
# What it does (everything on 127.0.0.1; what it starts is stopped by PID on exit):
#   1. two mailboxes of MESSAGES messages each (half spam, half easy ham of the SpamAssassin public corpus, in
#      name order), copied into a Maildir INBOX for each server; one self-signed certificate for both;
#   2. Mizugiwa: `mizugiwa serve` on a temp data dir with one account, IMAPS and POP3S on free ports
#      (MX on a free port, the other listeners off);
#      Dovecot: `dovecot -F` with a self-contained configuration (protocols imap pop3, ssl = required,
#      passwd-file with the same user and password, mail as nobody, as Dovecot refuses root);
#   3. bench/mail_reading.py reads the whole mailbox in one session: IMAP `UID FETCH 1:* (BODY.PEEK[])`,
#      POP3 `RETR` of every message; warm-up sessions per server and protocol (Dovecot builds its
#      index, Mizugiwa its UID list, .NET compiles), then REPEATS sessions at c=1 and REPEATS rounds of two sessions at
#      once, one per mailbox (c=2); rate = messages / wall time, best of the repeats;
#   4. prints a markdown table with both rates, the servers' CPU time per message (Dovecot: its master
#      and the processes it reaped) and the ratios, also written to
#      bench/results/mail-reading-<date>.md.
# Knobs: MESSAGES (500), REPEATS (3), SKIP_BUILD (0), KEEP_WORK (0).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="$REPO/../shared/corpus/spamassassin-public"
MESSAGES="${MESSAGES:-500}"
REPEATS="${REPEATS:-3}"
WORK="$(mktemp -d /tmp/mizugiwa-mail-reading.XXXXXX)"
chmod 755 "$WORK" # Dovecot reads the mail as nobody
READERS=(reader reader2) # c=2 reads two mailboxes: a POP3 maildrop takes one session at a time (RFC 1939)
PASSWORD="bench-password-1"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
    for _ in $(seq 1 300); do
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),1)" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$1 after 30 s" >&2; return 1
}

[ -d "$CORPUS/spam" ] || { echo "missing $CORPUS" >&2; exit 1; }
need=(); for p in dovecot-core dovecot-imapd dovecot-pop3d openssl; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then log "apt-get install ${need[*]}"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then log "dotnet build"; dotnet build "$REPO/src/Mizugiwa" -c Release --nologo -v q >/dev/null; fi
MZ=(dotnet "$REPO/src/Mizugiwa/bin/Release/net10.0/mizugiwa.dll")

# --- the mailbox and the certificate ----------------------------------------------------------
SET="$WORK/set"; mkdir -p "$SET"
half=$((MESSAGES / 2))
python3 - "$CORPUS" "$half" "$((MESSAGES - half))" >"$WORK/files" <<'PY'
import os, sys
corpus, spam, ham = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for folder, count in (("spam", spam), ("easy_ham", ham)):
    names = sorted(n for n in os.listdir(os.path.join(corpus, folder)) if n != "cmds")[:count]
    print("\n".join(os.path.join(corpus, folder, n) for n in names))
PY
i=0
while read -r file; do
    i=$((i + 1))
    # Maildir names: the same unique name in both INBOXes; no mbox "From " line
    sed '1{/^From /d}' "$file" >"$SET/$((1700000000 + i)).M${i}P1.bench"
done <"$WORK/files"
N=$(ls "$SET" | wc -l)
log "mailbox: $N messages, $(du -sk "$SET" | cut -f1) KiB"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bench.test" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

# --- Mizugiwa -----------------------------------------------------------------------------------
MZ_IMAP=$(free_port); MZ_POP3=$(free_port)
export MIZUGIWA__DataDirectory="$WORK/mizugiwa"
export MIZUGIWA__Mx__Port=$(free_port) MIZUGIWA__Web__Enabled=false
export MIZUGIWA__Submission__Enabled=false MIZUGIWA__Submission__ImplicitTlsEnabled=false
export MIZUGIWA__Imap__Enabled=false MIZUGIWA__Imap__ImplicitTlsPort=$MZ_IMAP
export MIZUGIWA__Pop3__Enabled=false MIZUGIWA__Pop3__ImplicitTlsPort=$MZ_POP3
export MIZUGIWA__Tls__CertificatePath="$WORK/cert.pem" MIZUGIWA__Tls__KeyPath="$WORK/key.pem"
"${MZ[@]}" domain add example.test >/dev/null
for reader in "${READERS[@]}"; do
    echo "$PASSWORD" | "${MZ[@]}" account add "$reader@example.test" --password-stdin >/dev/null
    mkdir -p "$WORK/mizugiwa/mail/example.test/$reader/"{new,cur,tmp}
    cp "$SET"/* "$WORK/mizugiwa/mail/example.test/$reader/cur/"
done
"${MZ[@]}" serve >"$WORK/mizugiwa.log" 2>&1 &
MZ_PID=$!
PIDS+=($MZ_PID)
wait_port "$MZ_IMAP"; wait_port "$MZ_POP3"
log "mizugiwa: IMAPS $MZ_IMAP, POP3S $MZ_POP3"

# --- Dovecot -------------------------------------------------------------------------------------
DC_IMAP=$(free_port); DC_POP3=$(free_port)
DC="$WORK/dovecot"
for reader in "${READERS[@]}"; do
    mkdir -p "$DC/mail/example.test/$reader/"{new,cur,tmp}
    cp "$SET"/* "$DC/mail/example.test/$reader/cur/"
    echo "$reader@example.test:{PLAIN}$PASSWORD::::::" >>"$DC/users"
done
chown -R 65534:65534 "$DC/mail"
cat >"$DC/dovecot.conf" <<EOF
instance_name = mizugiwa-bench
base_dir = $DC/run
state_dir = $DC/state
protocols = imap pop3
listen = 127.0.0.1
log_path = $DC/dovecot.log
ssl = required
ssl_cert = <$WORK/cert.pem
ssl_key = <$WORK/key.pem
disable_plaintext_auth = yes
# login processes refuse root; Debian's dovecot-core makes these users
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:$DC/mail/%d/%n
mail_uid = 65534
mail_gid = 65534
first_valid_uid = 0
passdb {
  driver = passwd-file
  args = username_format=%u $DC/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $DC/users
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $DC_IMAP
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = $DC_POP3
    ssl = yes
  }
}
EOF
/usr/sbin/dovecot -F -c "$DC/dovecot.conf" >"$DC/stdout.log" 2>&1 &
DC_PID=$!
PIDS+=($DC_PID)
wait_port "$DC_IMAP"; wait_port "$DC_POP3"
log "dovecot: IMAPS $DC_IMAP, POP3S $DC_POP3"

# --- the runs ------------------------------------------------------------------------------------
read_box() { python3 "$REPO/bench/mail_reading.py" "$1" 127.0.0.1 "$2" "${3:-reader}@example.test" "$PASSWORD" "$N"; }
# CPU seconds a server has used: its own and, for Dovecot's master, that of the imap/pop3/login/auth
# processes it has reaped (cutime, cstime).
cpu_seconds() { python3 -c "import os; f=open('/proc/$1/stat').read().rsplit(')',1)[1].split(); print(sum(int(x) for x in f[11:15]) / os.sysconf('SC_CLK_TCK'))"; }
best_rate() { # protocol port concurrency -> best messages per second over REPEATS
    local best=0 start end rate
    for _ in $(seq 1 "$REPEATS"); do
        start=$(date +%s.%N)
        local clients=()
        for reader in "${READERS[@]:0:$3}"; do read_box "$1" "$2" "$reader" >/dev/null & clients+=($!); done
        for client in "${clients[@]}"; do wait "$client" || { echo "a $1 session on $2 failed" >&2; exit 1; }; done
        end=$(date +%s.%N)
        rate=$(python3 -c "print(round($N * $3 / ($end - $start), 1))")
        best=$(python3 -c "print(max($best, $rate))")
    done
    echo "$best"
}
# runs best_rate and sets RATE and CPU (server milliseconds per message read, over all repeats)
measure() { # key protocol port concurrency server-pid
    local before after
    before=$(cpu_seconds "$5")
    RATE[$1]=$(best_rate "$2" "$3" "$4")
    sleep 0.5 # Dovecot's master reaps the last session's processes
    after=$(cpu_seconds "$5")
    CPU[$1]=$(python3 -c "print(round(($after - $before) * 1000 / ($N * $4 * $REPEATS), 3))")
}
for target in "imap $MZ_IMAP" "imap $DC_IMAP" "pop3 $MZ_POP3" "pop3 $DC_POP3"; do
    for _ in 1 2 3; do for reader in "${READERS[@]}"; do read_box $target "$reader" >/dev/null; done; done # warm-up (and .NET's tiered JIT)
done
declare -A RATE CPU
for protocol in imap pop3; do
    for c in 1 2; do
        if [ "$protocol" = imap ]; then mz=$MZ_IMAP; dc=$DC_IMAP; else mz=$MZ_POP3; dc=$DC_POP3; fi
        measure "$protocol,$c,mz" "$protocol" "$mz" "$c" "$MZ_PID"
        measure "$protocol,$c,dc" "$protocol" "$dc" "$c" "$DC_PID"
        log "$protocol c=$c: mizugiwa ${RATE[$protocol,$c,mz]}/s ${CPU[$protocol,$c,mz]} ms CPU/message, dovecot ${RATE[$protocol,$c,dc]}/s ${CPU[$protocol,$c,dc]} ms"
    done
done

mkdir -p "$REPO/bench/results"
OUT="$REPO/bench/results/mail-reading-$(date +%Y-%m-%d).md"
{
    echo "Reading a $N-message mailbox in one session (bench/mail-reading.sh, MESSAGES=$MESSAGES REPEATS=$REPEATS), $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO" rev-parse --short HEAD), $(nproc) cores, Dovecot $(/usr/sbin/dovecot --version | cut -d' ' -f1)"
    echo
    echo "| protocol | clients at once | Mizugiwa (messages/s) | Dovecot (messages/s) | rate, Mizugiwa / Dovecot | server CPU ms per message, Mizugiwa | Dovecot | CPU, Mizugiwa / Dovecot |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for protocol in imap pop3; do
        for c in 1 2; do
            mz=${RATE[$protocol,$c,mz]}; dc=${RATE[$protocol,$c,dc]}
            mzc=${CPU[$protocol,$c,mz]}; dcc=${CPU[$protocol,$c,dc]}
            echo "| ${protocol^^}S | $c | $mz | $dc | $(python3 -c "print(f'{$mz / $dc:.2f}x')") | $mzc | $dcc | $(python3 -c "print(f'{$mzc / $dcc:.2f}x')") |"
        done
    done
} | tee "$OUT"
