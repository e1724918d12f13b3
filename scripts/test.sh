#!/usr/bin/env bash
# The one test command: installs test tools, builds the solution once (Release),
# runs every test project, and summarizes the .trx results.
#
#   scripts/test.sh                                  # everything
#   scripts/test.sh --filter "FullyQualifiedName~Smtp"   # extra args go to `dotnet test`
#
# Env: SKIP_TEST_DEPS=1 skips the apt step (handy on a dev machine that has them).
# Results: artifacts/test-results/*.trx, one per test project (default VSTest
# names, which get a [N] suffix instead of overwriting each other). A test that
# runs longer than 5 minutes is killed by the blame collector (no dump; a
# Sequence_*.xml names it) and counted as failed by summarize-trx.py.
# Exit: non-zero if the build failed, any test failed, the test run crashed or
# hung, or no test ran at all. The last line printed is "N passed, N failed[, N skipped]".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ "${SKIP_TEST_DEPS:-0}" != "1" ]; then
  bash scripts/install-test-deps.sh
fi

RESULTS_DIR=artifacts/test-results
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

echo "== dotnet build Mizugiwa.sln -c Release"
if ! dotnet build Mizugiwa.sln -c Release --nologo -v q -clp:NoSummary\;ErrorsOnly; then
  echo "BUILD FAILED: see the errors above; no tests were run." >&2
  exit 1
fi

echo "== dotnet test Mizugiwa.sln -c Release --no-build $*"
test_rc=0
dotnet test Mizugiwa.sln -c Release --no-build --nologo \
  --verbosity minimal \
  --results-directory "$RESULTS_DIR" \
  --logger trx \
  --blame-hang-timeout 5m --blame-hang-dump-type none \
  "$@" || test_rc=$?

if [ "$test_rc" -ne 0 ]; then
  echo "dotnet test exited with code $test_rc (failed tests, a crashed/hung test host, or a runner error)."
fi

echo "== summary ($RESULTS_DIR)"
summary_rc=0
python3 scripts/summarize-trx.py "$RESULTS_DIR" || summary_rc=$?

if [ "$test_rc" -ne 0 ] || [ "$summary_rc" -ne 0 ]; then
  exit 1
fi
exit 0
