#!/usr/bin/env bash
# Starts the container's exact start command without a container engine, and probes it:
#   - publishes the service as deploy/Dockerfile does (dotnet publish -c Release),
#   - makes the application folder read-only and root's, as in the image,
#   - runs the Dockerfile's ENTRYPOINT from that folder (its WORKDIR) as a throwaway non-root uid, with an empty
#     environment plus the Dockerfile's ENV lines only (its /data volume becomes a temporary folder, and Urls binds
#     127.0.0.1 on a free port instead of every interface on 8080),
#   - probes /health/live and /health/ready, runs the Dockerfile's HEALTHCHECK command as the same uid (exit 0),
#     checks that the process runs as that uid and wrote nothing outside the data folder, stops it with SIGTERM
#     (it must exit 0), and runs the HEALTHCHECK command again (exit 1 now).
# Bounded: every step has a timeout; the service is always stopped. Needs root for setpriv (CI is root).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dockerfile="$root/deploy/Dockerfile"
uid=47991

work=$(mktemp -d)
chmod 755 "$work"
service_pid=""
cleanup() {
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill -9 "$service_pid" 2>/dev/null || true
  fi
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "container start: FAILED: $*" >&2; exit 1; }
step() { echo "== container start: $*"; }

# The final stage's start command, read from the Dockerfile (exec form, JSON arrays).
final_stage=$(awk '/^FROM /{stage=""} {stage=stage $0 "\n"} END{printf "%s", stage}' "$dockerfile")
json_of() { sed -n "s/^$1 \(.*\[.*\]\)\$/\1/p" <<<"$final_stage" | sed 's/^.*CMD //' | tail -n 1; }
entrypoint_json=$(json_of ENTRYPOINT)
healthcheck_json=$(json_of HEALTHCHECK)
workdir=$(sed -n 's/^WORKDIR //p' <<<"$final_stage" | tail -n 1)
if [ -z "$entrypoint_json" ] || [ -z "$healthcheck_json" ] || [ "$workdir" != /app ]; then
  fail "cannot read ENTRYPOINT, HEALTHCHECK or WORKDIR /app from $dockerfile"
fi
mapfile -t entrypoint < <(node -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$entrypoint_json")
mapfile -t healthcheck < <(node -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$healthcheck_json")
# ENV KEY=VALUE lines (one per line, optional double quotes); /data is the image's volume.
mapfile -t image_env < <(sed -n 's/^ENV \([A-Za-z_][A-Za-z0-9_]*\)=\(.*\)$/\1=\2/p' <<<"$final_stage" | sed 's/="\(.*\)"$/=\1/')
echo "entrypoint: ${entrypoint[*]}; healthcheck: ${healthcheck[*]}; env: ${image_env[*]}"

step "dotnet publish -c Release"
timeout 300 dotnet publish src/SmartRegion.Api/SmartRegion.Api.csproj -c Release -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log"; fail "publish"; }
if find "$work/app" -name '*.pdb' | grep -q .; then fail "the published output contains .pdb files"; fi
chmod -R a-w,a+rX "$work/app"
mkdir -p "$work/data/home"
chown -R "$uid:$uid" "$work/data"
chmod 700 "$work/data"

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
base="http://127.0.0.1:$port"
env_args=(PATH="$PATH" HOME="$work/data/home" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1)
for pair in "${image_env[@]}"; do
  env_args+=("${pair//\/data\//$work/data/}")
done
env_args+=(Urls="$base")
# exec: the started process is the service itself (env, setpriv and dotnet replace each other), so signals reach it.
as_user() { (cd "$work/app" && exec env -i "${env_args[@]}" setpriv --reuid="$uid" --regid="$uid" --clear-groups -- "$@"); }

step "start as uid $uid: ${entrypoint[*]} (in the read-only application folder)"
touch "$work/started"
# Inline rather than through as_user, so that $! is the service's own pid.
(cd "$work/app" && exec env -i "${env_args[@]}" setpriv --reuid="$uid" --regid="$uid" --clear-groups -- "${entrypoint[@]}") >"$work/service.log" 2>&1 &
service_pid=$!

ready=false
for _ in $(seq 1 120); do
  kill -0 "$service_pid" 2>/dev/null || break
  if curl -fsS --max-time 2 "$base/health/ready" >/dev/null 2>&1; then
    ready=true
    break
  fi
  sleep 0.5
done
if [ "$ready" != true ]; then
  cat "$work/service.log" >&2
  fail "the service did not become ready on $base"
fi

step "probes"
curl -fsS --max-time 5 "$base/health/live" | grep -q '"healthy"' || fail "/health/live"
curl -fsS --max-time 5 "$base/health/ready" | grep -q '"healthy"' || fail "/health/ready"
actual_uid=$(ps -o uid= -p "$service_pid" | tr -d ' ')
[ "$actual_uid" = "$uid" ] || fail "the service runs as uid $actual_uid, not $uid"
# JSON console logs (Telemetry__LogFormat=json in the Dockerfile): every line of the log is one JSON object.
node -e 'const lines=require("fs").readFileSync(process.argv[1],"utf8").split("\n").filter(Boolean); if(!lines.length) process.exit(1); for (const l of lines) JSON.parse(l);' "$work/service.log" \
  || { head -n 5 "$work/service.log" >&2; fail "the log is not JSON lines"; }

step "HEALTHCHECK: ${healthcheck[*]} --url $base/health/ready"
as_user "${healthcheck[@]}" --url "$base/health/ready" || fail "the health verb did not exit 0 against the running service"

written=$(find "$work" -newer "$work/started" -not -path "$work/data*" -not -name service.log -not -path "$work" -print)
[ -z "$written" ] || fail "files written outside the data folder: $written"
[ -f "$work/data/smartregion.db" ] || fail "no database in the data folder"

step "stop (SIGTERM)"
kill -TERM "$service_pid"
stopped=false
for _ in $(seq 1 100); do
  if ! kill -0 "$service_pid" 2>/dev/null; then
    stopped=true
    break
  fi
  sleep 0.1
done
[ "$stopped" = true ] || fail "the service did not stop within 10 s of SIGTERM"
exit_code=0
wait "$service_pid" || exit_code=$?
service_pid=""
[ "$exit_code" -eq 0 ] || { tail -n 20 "$work/service.log" >&2; fail "the service exited with $exit_code after SIGTERM"; }

if as_user "${healthcheck[@]}" --url "$base/health/ready" --timeout 2 >/dev/null 2>&1; then
  fail "the health verb exited 0 with no service running"
fi
echo "container start: published, started as uid $uid from a read-only folder, probed, health verb 0/1, stopped"
