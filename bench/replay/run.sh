#!/usr/bin/env bash
# Replays the SpamAssassin public corpus (../shared/corpus/spamassassin-public) through a
# `mizugiwa serve` on 127.0.0.1, giving each message its original client IP, PTR name and HELO
# with XCLIENT; writes bench/results/replay-<date>.csv and the generated tables in docs/REPLAY.md.
#
#   bench/replay/run.sh                  # from anywhere; ~3-6 min on 2 cores
#   bench/replay/run.sh --limit 20       # smoke test: the first 20 messages of each folder
#   bench/replay/run.sh --keep           # keep the temp work dir (server logs, data, dnsmasq log)
#   SKIP_BUILD=1 bench/replay/run.sh     # reuse the existing Release build
#
# Needs: .NET 10 SDK, python3, dnsmasq (apt-get install -y dnsmasq-base). Everything it starts
# (dnsmasq, two `mizugiwa serve` runs) listens on 127.0.0.1 only and is stopped by PID at the end.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v dnsmasq >/dev/null || { echo "dnsmasq not found (apt-get install -y dnsmasq-base)" >&2; exit 1; }
command -v dotnet >/dev/null || { echo "dotnet not found (.NET 10 SDK)" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    dotnet build "$REPO/src/Mizugiwa" -c Release --nologo -v q -clp:NoSummary\;ErrorsOnly >&2
fi
PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)"
exec timeout 900 "$PY" "$REPO/bench/replay/replay.py" run "$@"
