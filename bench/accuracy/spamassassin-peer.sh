#!/usr/bin/env bash
# SpamAssassin (Debian's spamd + spamc, network tests off, Bayes learned with sa-learn) on the same folds
# as bench/accuracy, beside the content level: the peer row of docs/ACCURACY.md.
#
#   bench/accuracy/spamassassin-peer.sh                  # FOLDS=2: ~30 min on 2 shared cores
#   SAMPLES=FILE SKIP_ACCURACY=1 bench/accuracy/spamassassin-peer.sh   # reuse a bench/accuracy samples file
#   REUSE_SCORES=DIR/scores.tsv ...      # report again from an earlier run's SpamAssassin scores (KEEP_WORK=1 keeps them)
#
# Knobs: FOLDS (2: each filter learns half the corpus; sa-learn and spamd are slow), SAMPLES
# (/var/tmp/samples-<FOLDS>fold.tsv), CORPUS, KEEP_WORK (0). Writes bench/results/spamassassin-peer-<date>.md.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORPUS="${CORPUS:-$REPO/../shared/corpus/spamassassin-public}"
FOLDS="${FOLDS:-2}"
SAMPLES="${SAMPLES:-/var/tmp/samples-${FOLDS}fold.tsv}"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

[ -d "$CORPUS/spam" ] || { log "corpus not found at $CORPUS (set CORPUS)"; exit 1; }
need=(); for p in spamassassin spamd spamc; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then log "apt-get install ${need[*]}"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi

if [ "${SKIP_ACCURACY:-0}" != 1 ]; then
    log "bench/accuracy with FOLDS=$FOLDS (samples into $SAMPLES)"
    FOLDS="$FOLDS" SAMPLES="$SAMPLES" "$REPO/bench/accuracy/run.sh" >/dev/null
fi

WORK="$(mktemp -d /var/tmp/mizugiwa-sa-peer.XXXXXX)"
chmod 755 "$WORK" # spamd drops to debian-spamd and must reach its databases below it
cleanup() { local rc=$?; if [ "$rc" -eq 0 ] && [ "${KEEP_WORK:-0}" != 1 ]; then rm -rf "$WORK"; else log "scratch kept in $WORK"; fi; }
trap cleanup EXIT

OUT="$REPO/bench/results/spamassassin-peer-$(date -u +%Y-%m-%d).md"
START=$(date +%s)
python3 "$REPO/bench/accuracy/spamassassin-peer.py" --samples "$SAMPLES" --corpus "$CORPUS" --work "$WORK" \
    ${REUSE_SCORES:+--reuse-scores "$REUSE_SCORES"} --scores "$WORK/scores.tsv" >"$WORK/report.md"
{
    echo "# SpamAssassin beside the content level, same folds ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO" rev-parse --short HEAD))"
    echo
    cat "$WORK/report.md"
    echo
    echo "Command: \`FOLDS=$FOLDS bench/accuracy/spamassassin-peer.sh\`; $(( $(date +%s) - START )) s for the SpamAssassin part."
} >"$OUT"
cat "$OUT"
