#!/usr/bin/env bash
# Accuracy of the Bayes classifier: 10-fold cross-validation on the SpamAssassin public corpus.
#
#   bench/accuracy/run.sh                 # from anywhere; ~3-6 min on 2 shared cores
#   FOLDS=5 bench/accuracy/run.sh
#   CORPUS=/path/to/spamassassin-public SKIP_BUILD=1 bench/accuracy/run.sh
#
# Trains spam+spam_2 against easy_ham+easy_ham_2 (9 folds each time, folds by body hash so the corpus'
# duplicates stay in one fold), classifies the held-out fold, and classifies hard_ham (never trained)
# with every fold's dictionary. Prints spam caught % and ham lost % at the BAYES_80/95/99/999 thresholds
# and at a score of 5 from Bayes alone, writes the report to stdout and bench/results/bayes-accuracy-<date>.md.
# SPLIT=TEXT salts the fold hash (a fresh split of the same corpus; the default split has no salt).
# PROBABILITIES=FILE writes every Bayes probability for --bands.
# SAMPLES=FILE also writes one line per classification (kind, probability, score without Bayes, fold, file, whole-level verdict 0/1, whole-level score) for tuning.
# Knobs: CORPUS (../shared/corpus/spamassassin-public beside the repository), FOLDS (10), SKIP_BUILD (0),
# BUILD_DIR (/var/tmp/mizugiwa-accuracy-build), KEEP_WORK (0: the fold databases are removed).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORPUS="${CORPUS:-$REPO/../shared/corpus/spamassassin-public}"
FOLDS="${FOLDS:-10}"
SKIP_BUILD="${SKIP_BUILD:-0}"
BUILD_DIR="${BUILD_DIR:-/var/tmp/mizugiwa-accuracy-build}"
KEEP_WORK="${KEEP_WORK:-0}"
DLL="$BUILD_DIR/bin/Accuracy/release/bayes-accuracy.dll"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }

[ -d "$CORPUS/spam" ] || die "corpus not found at $CORPUS (set CORPUS)"
WORK="$(mktemp -d /var/tmp/mizugiwa-bayes-accuracy.XXXXXX)"
cleanup() { local rc=$?; if [ "$rc" -eq 0 ] && [ "$KEEP_WORK" != 1 ]; then rm -rf "$WORK"; else log "scratch kept in $WORK"; fi; }
trap cleanup EXIT

if [ "$SKIP_BUILD" != 1 ]; then
    log "building bench/accuracy (Release) into $BUILD_DIR"
    (cd "$REPO" && dotnet build bench/accuracy -c Release -nologo -v q --artifacts-path "$BUILD_DIR" >"$WORK/build.log" 2>&1) ||
        { tail -30 "$WORK/build.log" >&2; die "dotnet build failed"; }
fi
[ -f "$DLL" ] || die "$DLL missing"

START=$(date +%s)
dotnet "$DLL" --corpus "$CORPUS" --folds "$FOLDS" --work "$WORK" ${SAMPLES:+--samples "$SAMPLES"} ${PROBABILITIES:+--probabilities "$PROBABILITIES"} >"$WORK/report.md"
ELAPSED=$(($(date +%s) - START))

OUT="$REPO/bench/results/bayes-accuracy-$(date -u +%Y-%m-%d)${SPLIT:+-split-$SPLIT}.md"
mkdir -p "$REPO/bench/results"
{
    cat "$WORK/report.md"
    echo
    echo "- command: \`bench/accuracy/run.sh\` (FOLDS=$FOLDS${SPLIT:+, SPLIT=$SPLIT}), $ELAPSED s; git $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown); $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); .NET $(dotnet --version)"
} | tee "$OUT"
log "report written to ${OUT#"$REPO"/}"
