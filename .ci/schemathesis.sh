#!/usr/bin/env bash
# Runs Schemathesis (pinned in .ci/requirements.txt) against onezone-mock with
# our spec, authenticated as the mock's admin. Zero failures required; a
# failure prints the request that reproduces it (as curl).
# Usage: .ci/schemathesis.sh VENV_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:?usage: .ci/schemathesis.sh VENV_DIR}

cargo build --quiet --locked -p onezone-mock
out=$(mktemp)
# The seed holds the admin (ci-admin, every oz_* privilege), a member itself.
"${ONEZONE_TARGET_DIR:-$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')}/debug/onezone-mock" --listen 127.0.0.1:0 --seed .ci/schemathesis-seed.yaml >"$out" &
mock=$!
trap 'kill "$mock" 2>/dev/null || true; rm -f "$out"' EXIT

url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on //p' "$out")
  [ -n "$url" ] && break
  kill -0 "$mock" 2>/dev/null || { echo "onezone-mock exited early" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "onezone-mock did not report its address" >&2; exit 1; }
echo "onezone-mock at $url"

"$venv/bin/schemathesis" --config-file .ci/schemathesis.toml run spec/onezone.yaml \
  --url "$url/api/v3/onezone" --auth ci-admin:ci-admin-pw --checks all --no-color
