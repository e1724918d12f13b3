#!/usr/bin/env bash
# Builds Mizugiwa for installation on a server (docs/INSTALL.md): one folder with the `mizugiwa` executable.
#
#   scripts/publish.sh                      # self-contained for linux-x64 into dist/mizugiwa (no .NET needed on the server)
#   RUNTIME=linux-arm64 scripts/publish.sh  # another Linux architecture
#   SELF_CONTAINED=0 scripts/publish.sh     # smaller; the server then needs the ASP.NET Core 10 runtime
#   OUT=/tmp/m scripts/publish.sh           # another output folder (emptied first)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OUT="${OUT:-dist/mizugiwa}"
RUNTIME="${RUNTIME:-linux-x64}"
SELF_CONTAINED="${SELF_CONTAINED:-1}"

case "$SELF_CONTAINED" in
  1) mode=(--runtime "$RUNTIME" --self-contained true) ;;
  0) mode=(--runtime "$RUNTIME" --self-contained false) ;;
  *) echo "publish.sh: SELF_CONTAINED must be 0 or 1, not '$SELF_CONTAINED'" >&2; exit 64 ;;
esac

rm -rf "$OUT"
dotnet publish src/Mizugiwa -c Release --nologo -v q -clp:ErrorsOnly "${mode[@]}" -o "$OUT"
cp deploy/mizugiwa.json "$OUT/mizugiwa.json.example"
cp deploy/systemd/mizugiwa.service docs/INSTALL.md "$OUT/"
echo "published to $OUT ($RUNTIME, self-contained=$SELF_CONTAINED); install it as docs/INSTALL.md says"
