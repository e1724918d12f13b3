#!/usr/bin/env bash
# Runs Mizugiwa on its embedded defaults: data in ./data (SQLite, spool, Maildir), MX on 127.0.0.1:2525.
# On the first run it creates the local domain $DOMAIN (default example.test) and the account
# user@$DOMAIN with a generated password, printed once. Extra arguments go to `mizugiwa serve`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DOMAIN="${DOMAIN:-example.test}"
dotnet build src/Mizugiwa -c Release --nologo -v q -clp:NoSummary\;ErrorsOnly
mizugiwa() { dotnet src/Mizugiwa/bin/Release/net10.0/mizugiwa.dll "$@"; }

if ! mizugiwa domain list | grep -qx "$DOMAIN"; then
  mizugiwa domain add "$DOMAIN"
  password="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
  printf '%s\n' "$password" | mizugiwa account add "user@$DOMAIN" --password-stdin
  echo "account user@$DOMAIN has the password: $password"
fi
echo "MX on 127.0.0.1:2525 for $DOMAIN; try: swaks --server 127.0.0.1:2525 --to user@$DOMAIN"
echo "web UI on http://127.0.0.1:8080/ (sign in as user@$DOMAIN, an admin here)"
export MIZUGIWA__Web__Admins__0="${MIZUGIWA__Web__Admins__0:-user@$DOMAIN}"
exec dotnet src/Mizugiwa/bin/Release/net10.0/mizugiwa.dll serve "$@"
