#!/usr/bin/env bash
# The contract as a client sees it, called by .ci/run after the dotnet tests (needs the Debug build):
#   1. Spectral lints api-spec/openapi.json with the spectral:oas ruleset; any error or warning fails.
#   2. openapi-typescript generates types from the spec, tsc typechecks the client story (strict, no casts).
#   3. The story runs with openapi-fetch against the service started here on 127.0.0.1 (random free port, demo
#      data in a temporary SQLite file), which is always stopped again.
# Every step runs even when an earlier one failed, so one log shows every problem; non-zero if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
story_dir="$root/tests/SmartRegion.ClientStory"
dll="$root/src/SmartRegion.Api/bin/Debug/net10.0/SmartRegion.Api.dll"
spec="$root/api-spec/openapi.json"

work=$(mktemp -d)
service_pid=""
cleanup() {
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill "$service_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$service_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$service_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failures=()
step() { echo "== client story: $*"; }

cd "$story_dir"
step "npm ci"
# Bounded: a registry that does not answer must not hold CI up.
timeout 600 npm ci --no-audit --no-fund --loglevel=error

step "spectral lint (spectral:oas, fail on warnings)"
if ! timeout 300 npx --no-install spectral lint --ruleset .spectral.yaml --fail-severity warn "$spec"; then
  failures+=("spectral lint")
fi

step "openapi-typescript + tsc (strict)"
rm -rf generated dist
timeout 300 npx --no-install openapi-typescript "$spec" --output generated/api.d.ts
# tsc emits JavaScript even when the types do not check, so the story below still runs and reports what the
# service answers; the type errors alone fail this step.
if ! timeout 300 npx --no-install tsc -p tsconfig.json; then
  failures+=("typecheck")
fi

step "story against the service"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
base="http://127.0.0.1:$port"
log="$work/service.log"
ConnectionStrings__SmartRegion="Data Source=$work/story.db" Database__Provider=sqlite \
  dotnet "$dll" --seed-demo --urls "$base" >"$log" 2>&1 &
service_pid=$!

ready=false
for _ in $(seq 1 120); do
  if ! kill -0 "$service_pid" 2>/dev/null; then
    break
  fi
  if curl -fsS --max-time 2 "$base/health/ready" >/dev/null 2>&1; then
    ready=true
    break
  fi
  sleep 0.5
done
key=$(sed -n 's/^Demo coordinator API key: //p' "$log" | tail -n 1)
if [ "$ready" != true ] || [ -z "$key" ]; then
  echo "service did not become ready on $base (or printed no demo key); its log:" >&2
  cat "$log" >&2
  failures+=("service start")
elif [ ! -f dist/src/story.js ]; then
  failures+=("story (not compiled)")
elif ! SMARTREGION_BASE_URL="$base" SMARTREGION_API_KEY="$key" timeout 120 node dist/src/story.js; then
  echo "service log:" >&2
  tail -n 40 "$log" >&2
  failures+=("story")
fi

if [ "${#failures[@]}" -gt 0 ]; then
  echo "client story: FAILED: ${failures[*]}"
  exit 1
fi
echo "client story: lint, typecheck and story passed"
