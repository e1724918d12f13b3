#!/usr/bin/env bash
# Installs the Debian packages the test suites need. Idempotent: packages that
# are already installed are skipped, and `apt-get update` runs at most once,
# only when something is missing. Services are installed but NOT started; the
# tests start their own throwaway instances on loopback.
set -euo pipefail

PACKAGES=(
  swaks          # SMTP client used by integration tests
  msmtp          # submission client (AUTH/TLS)
  postfix        # postfix peer, smtp-source / smtp-sink (benchmarks, tests)
  dnsutils       # dig
  dnsmasq-base   # fixture DNS server
  publicsuffix   # /usr/share/publicsuffix/public_suffix_list.dat: DMARC organisational domains
  postgrey       # policy-server benchmark peer (bench/policy-throughput.sh)
  redis-server   # later issues
  python3-dkim   # dkimpy (/usr/bin/python3, dkimverify): independent DKIM verification in the tests
  postgresql     # the transaction log shared by several nodes (tests start their own)
  chromium       # the browser UI tests (Playwright drives Debian's chromium)
  clamav-daemon  # clamd: the virus-scan tests start their own with a one-signature database (no freshclam)
  dovecot-core   # dovecot: the gateway tests start their own LMTP server (own config and base_dir, 127.0.0.1)
  dovecot-lmtpd  # Dovecot's LMTP service: a real `lmtp:` next hop for gateway mode
  dovecot-imapd  # Dovecot's imap: the IMAP keyword tests check that it reads the dovecot-keywords we write, and we its
  fetchmail      # POP3 client: the POP3 tests fetch over POP3S and STLS into an mda
  util-linux     # flock(1): tests hold a Maildir lock file from another process (essential in Debian; named to be sure)
  systemd        # systemd-analyze: the shipped unit file (deploy/systemd) is verified
)

export DEBIAN_FRONTEND=noninteractive

log() { echo "[install-test-deps] $*"; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    log "not root and no sudo; cannot install packages" >&2; exit 1
  fi
fi

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
for p in "${PACKAGES[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  log "all test packages already installed (${PACKAGES[*]})"
else
  log "installing: ${missing[*]}"
  # Postfix must not ask questions; "No configuration" leaves it unconfigured.
  printf '%s\n' \
    "postfix postfix/main_mailer_type select No configuration" \
    "postfix postfix/mailname string localhost" \
    | "${SUDO[@]}" debconf-set-selections

  # Keep package maintainer scripts from starting services during the install
  # (the usual Debian policy-rc.d mechanism), unless a policy is already set.
  policy=/usr/sbin/policy-rc.d
  added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
    "${SUDO[@]}" chmod +x "$policy"
    added_policy=1
    trap '"${SUDO[@]}" rm -f "$policy"' EXIT
  fi

  log "apt-get update"
  "${SUDO[@]}" apt-get update -qq -o DPkg::Lock::Timeout=300
  log "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${missing[@]}" >/tmp/install-test-deps.apt.log 2>&1 || {
      log "apt-get install failed; log follows" >&2
      tail -n 50 /tmp/install-test-deps.apt.log >&2
      exit 1
    }
  if [ "$added_policy" -eq 1 ]; then "${SUDO[@]}" rm -f "$policy"; trap - EXIT; fi
  log "installed: ${missing[*]}"
fi

# Postfix's own system instance would hold port 25: make sure it is not running.
# Only the system instance (no `-c DIR`) is stopped; throwaway test instances
# started as `MAIL_CONFIG=DIR master -d -c DIR` are left alone.
system_postfix_pids() {
  local pid
  for pid in $(pgrep -f /usr/lib/postfix/sbin/master 2>/dev/null || true); do
    if ! tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null | grep -q -- ' -c '; then echo "$pid"; fi
  done
}
stop_system_postfix() {
  [ -n "$(system_postfix_pids)" ] || return 0
  log "stopping the system postfix instance"
  "${SUDO[@]}" postfix stop >/dev/null 2>&1 || true
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    "${SUDO[@]}" systemctl stop postfix >/dev/null 2>&1 || true
  fi
  local pids _
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pids=$(system_postfix_pids)
    [ -n "$pids" ] || return 0
    sleep 0.5
  done
  log "killing system postfix master: $pids"
  # shellcheck disable=SC2086
  "${SUDO[@]}" kill $pids 2>/dev/null || true
}
stop_system_postfix

log "done"
