#!/usr/bin/env bash
# Goodput against the physical limit: open-loop simulations (in one JVM, in real time, against the
# mock on 127.0.0.0/8) for K proxies, per-source limit R, offered loads x K*R, four policies.
# Prints a Markdown table, one row per cell as it finishes.
# Usage: bench/goodput.sh [R] [requests] [Ks] [loads] [policies] [egress]
#   defaults: 5 40 1,3,5 0.5,0.9,1.5 defaults,immediate,seed,single STATIC_IPS,SHARED
#   egress: STATIC_IPS (one address per proxy, the K*R of SPEC 9) and SHARED beside it (the proxies
#   behind one shared address, the simulation's default reading of Lambda without a VPC).
# Packages the plugin first (tests skipped, nothing installed); needs Linux (all of 127.0.0.0/8 on
# lo) or lo0 aliases.
set -euo pipefail
cd "$(dirname "$0")/.."
r="${1:-5}"; requests="${2:-40}"; ks="${3:-1,3,5}"; loads="${4:-0.5,0.9,1.5}"
policies="${5:-defaults,immediate,seed,single}"; egress="${6:-STATIC_IPS,SHARED}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# one reactor run, so the plugin's classpath resolves runtime-lambdas from the reactor (the last
# module to write the file is the plugin)
./mvnw -q -B -ntp -o -pl runtime-lambdas,plugin package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp -r plugin/target/classes "$work/plugin-classes"   # a snapshot: later builds may rewrite target/
cp="$work/plugin-classes:$(cat "$work/cp.txt")"
javac --release 17 -nowarn -d "$work/classes" -cp "$cp" bench/Goodput.java
start=$(date +%s)
echo "<!-- bench/goodput.sh $r $requests $ks $loads $policies $egress, $(date -u +%Y-%m-%d), $(nproc) cores -->"
java -cp "$work/classes:$cp" Goodput "$r" "$requests" "$ks" "$loads" "$policies" "$egress"
echo "<!-- wall time $(( $(date +%s) - start )) s -->"
