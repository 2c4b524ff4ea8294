#!/usr/bin/env bash
# Wall time of `mvn ratelimit:generate` (what a user waits for), 3 vs 50 proxies, median of N runs.
# Usage: bench/generate-time.sh [runs]   (default 5). Installs the plugin first (tests skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
./mvnw -q -B -ntp install -DskipTests -Dinvoker.skip=true >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # label, extra args...
  local label="$1"; shift
  local times=()
  for i in $(seq "$runs"); do
    rm -rf "$work/out"
    local start end
    start=$(date +%s%N)
    ./mvnw -q -B -ntp -o -f bench/generate-project/pom.xml ratelimit:generate \
      -Dratelimit.outputDirectory="$work/out" "$@" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  local med
  med=$(printf '%s\n' "${times[@]}" | median)
  local size
  size=$(du -cb "$work"/out/*.asl.json "$work"/out/*.template.* | tail -1 | cut -f1)
  printf '%-36s median %6s ms  (runs: %s)  asl+template %s bytes\n' "$label" "$med" "${times[*]}" "$size"
}

measure "3 proxies, 3 attempts (EXPRESS)" -Dratelimit.proxies=3
measure "50 proxies, 50 attempts (STANDARD)" -Dratelimit.proxies=50 -Dratelimit.workflowType=STANDARD
measure "50 proxies, 100 attempts (STANDARD)" -Dratelimit.proxies=50 -Dratelimit.maxAttempts=100 -Dratelimit.workflowType=STANDARD
