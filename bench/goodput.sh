#!/usr/bin/env bash
# Goodput against the physical limit: open-loop simulations (in one JVM, in real time, against the
# mock on 127.0.0.0/8) for K proxies, per-source limit R, offered loads x K*R, four policies.
# Prints a Markdown table, one row per cell as it finishes.
# Usage: bench/goodput.sh [R] [requests] [Ks] [loads] [policies]
#   defaults: 5 40 1,3,5 0.5,0.9,1.5 defaults,immediate,seed,single
# Installs the plugin first (tests skipped); needs Linux (all of 127.0.0.0/8 on lo) or lo0 aliases.
set -euo pipefail
cd "$(dirname "$0")/.."
r="${1:-5}"; requests="${2:-40}"; ks="${3:-1,3,5}"; loads="${4:-0.5,0.9,1.5}"
policies="${5:-defaults,immediate,seed,single}"
./mvnw -q -B -ntp install -DskipTests -Dinvoker.skip=true >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./mvnw -q -B -ntp -o -pl plugin dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp -r plugin/target/classes "$work/plugin-classes"   # a snapshot: later builds may rewrite target/
cp="$work/plugin-classes:$(cat "$work/cp.txt")"
javac --release 17 -nowarn -d "$work/classes" -cp "$cp" bench/Goodput.java
start=$(date +%s)
echo "<!-- bench/goodput.sh $r $requests $ks $loads $policies, $(date -u +%Y-%m-%d), $(nproc) cores -->"
java -cp "$work/classes:$cp" Goodput "$r" "$requests" "$ks" "$loads" "$policies"
echo "<!-- wall time $(( $(date +%s) - start )) s -->"
