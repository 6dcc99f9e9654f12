#!/usr/bin/env bash
# SmartRegion benchmark (issue 14): one command, e.g.  bash tests/SmartRegion.Benchmarks/run.sh [--full] [--growth]
#   --full          the issue's size (400 regions, 40,000 projects, 200,000 participations, 20,000 decisions)
#   --growth        ×10 of the chosen size
#   --regions N --projects N --participations N --decisions N   any other size
#   --duration S (default 10) seconds per wrk run, --warmup S (default 5) before each, --connections C (default 32),
#   --threads T (default 2)
#   --no-read-cache  the service with Database:ReadCacheMegabytes 0: every read goes to the database
# Builds Release, loads a temporary SQLite database through the service's use cases (BulkLoader.cs), starts the
# service and the ceiling (CeilingServer.cs: the captured bytes as a constant) on 127.0.0.1, runs wrk against both
# and prints one Markdown table. Not part of .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

duration=10 warmup=5 connections=32 threads=2
load_args=()
service_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --full|--growth) load_args+=("$1"); shift ;;
    --no-read-cache) service_args+=(--Database:ReadCacheMegabytes 0); shift ;;
    --regions|--projects|--participations|--decisions) load_args+=("$1" "$2"); shift 2 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done

# wrk saturates; hey (constant rate per connection, -q) measures the p99 at half the saturating rate of each read.
for tool in wrk hey; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench: installing $tool (Debian package)"
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq "$tool"; else sudo apt-get update -qq && sudo apt-get install -y -qq "$tool"; fi
  fi
done

dotnet build tests/SmartRegion.Benchmarks -c Release -warnaserror -v quiet -nologo >/dev/null
api=src/SmartRegion.Api/bin/Release/net10.0/SmartRegion.Api.dll
bench=tests/SmartRegion.Benchmarks/bin/Release/net10.0/SmartRegion.Benchmarks.dll
lua=tests/SmartRegion.Benchmarks/bench.lua

work=$(mktemp -d)
plan=$work/plan results=$work/results
mkdir -p "$results"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

dotnet "$bench" load --db "$work/bench.db" --plan "$plan" "${load_args[@]}"

port=$((20000 + RANDOM % 10000)) ceiling_port=$((30000 + RANDOM % 10000))
service_url=http://127.0.0.1:$port ceiling_url=http://127.0.0.1:$ceiling_port
ASPNETCORE_ENVIRONMENT=Production dotnet "$api" --Urls "$service_url" \
  --ConnectionStrings:SmartRegion "Data Source=$work/bench.db" --Logging:LogLevel:Default Warning \
  --Circulations:CloseDueIntervalSeconds 0 --Api:RateLimits:Enabled false "${service_args[@]}" >"$work/service.log" 2>&1 &
service_pid=$!
pids+=("$service_pid")
for _ in $(seq 1 60); do curl -fs "$service_url/health/ready" >/dev/null && break; sleep 0.5; done
curl -fs "$service_url/health/ready" >/dev/null || { echo "bench: the service did not start"; cat "$work/service.log"; exit 1; }

dotnet "$bench" capture --url "$service_url" --plan "$plan"
dotnet "$bench" ceiling --url "$ceiling_url" --plan "$plan" >"$work/ceiling.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 60); do curl -s -o /dev/null "$ceiling_url/" && break; sleep 0.5; done

key=$(cat "$plan/key")
run_wrk() { # name url key seconds
  BENCH_PLAN=$plan BENCH_NAME=$1 BENCH_KEY=$3 wrk -t"$threads" -c"$connections" -d"$4s" --latency -s "$lua" "$2"
}
# Warm-up: on a busy host tiered JIT needs seconds before the hot paths run optimised code (dotnet-counters showed
# ~90 methods/s still compiling after 3 s of load). Every endpoint once first (they share the pipeline's code, and the
# first one measured would otherwise pay for it), then each again right before its run.
while read -r name; do
  [ -n "$name" ] && run_wrk "$name" "$service_url" "$key" "$warmup" >/dev/null
done <"$plan/names"
# Service and ceiling alternate per endpoint, so that noise from other work on the host hits both alike.
while read -r name; do
  [ -n "$name" ] || continue
  echo "bench: $name"
  run_wrk "$name" "$service_url" "$key" "$warmup" >/dev/null
  run_wrk "$name" "$service_url" "$key" "$duration" >"$results/$name.service.out"
  awk '/VmRSS/ {print $2}' "/proc/$service_pid/status" >"$results/$name.rss"
  if [ "$(tr -d '[:space:]' <"$plan/$name.method")" = GET ]; then
    rps=$(sed -n 's/.*"rps":\([0-9.]*\).*/\1/p' "$results/$name.service.out" | tail -n 1)
    per_connection=$(awk -v r="${rps:-0}" -v c="$connections" 'BEGIN { q = int(r / 2 / c); print (q < 1 ? 1 : q) }')
    hey -z "${duration}s" -c "$connections" -q "$per_connection" -H "Authorization: ApiKey $key" \
      "$service_url$(head -n 1 "$plan/$name.paths")" >"$results/$name.half.out"
  fi
  run_wrk "$name" "$ceiling_url" "" 2 >/dev/null
  run_wrk "$name" "$ceiling_url" "" "$duration" >"$results/$name.ceiling.out"
done <"$plan/names"

echo
echo "SmartRegion benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(dotnet --version) SDK"
echo "dataset: $(cat "$plan/size"); wrk -t$threads -c$connections -d${duration}s after ${warmup}s warm-up, SQLite, Release${service_args[*]:+, ${service_args[*]}}"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
echo
dotnet "$bench" table --results "$results" --plan "$plan"
