#!/usr/bin/env bash
# Jar sizes and cold init (fresh JVM -> first handler answer) of the deployment jars, beside a baseline:
#   proxy         the proxy jar (+ aws-lambda-java-core, which Lambda's runtime provides, + this driver), against a
#                 local upstream;
#   proxy-primed  the same, with the handler's SnapStart hooks run before the first request (see orchestrator-primed);
#   orchestrator  the orchestrator jar (own event beans, URL-connection HTTP client), against a local stub
#                 of Step Functions' StartSyncExecution;
#   orchestrator-primed  the same, with the handler's SnapStart hooks run before the first request (beforeCheckpoint's
#                 priming against loopback, then afterRestore), as a snapshot would hold them: "ready" then
#                 includes the priming (SnapStart pays it once, at publish time), and "first answer" is what a
#                 restored environment still pays;
#   baseline      the same orchestrator built with the SDK's default HTTP clients (Maven profile
#                 bench-baseline: sfn without its exclusions, i.e. Apache 5 + Netty; same minimized shading),
#                 its client built without .httpClient(...) (bench/DefaultClientHandler.java);
#   events        (the events-vs-own-beans decision, kept for reference) the orchestrator behind
#                 aws-lambda-java-events' types and serializer; skipped when those jars are not in the
#                 local Maven repository (./mvnw dependency:get -Dartifact=com.amazonaws:aws-lambda-java-events:3.16.1
#                 and -Dartifact=joda-time:joda-time:2.10.8).
# Every measured JVM gets the flags the Lambda java21 runtime passes itself (-XX:+TieredCompilation
# -XX:TieredStopAtLevel=1; the template no longer repeats them in JAVA_TOOL_OPTIONS),
# the deployment jar, the Lambda runtime's serializer (aws-lambda-java-serialization, which deserializes the
# payload and serializes the answer, as the runtime does) and a tiny driver compiled into bench/target. The
# upstream/Step Functions stub is one Python process (bench/stub.py), outside the measured JVMs. Runs are
# interleaved (one of each variant per round) so that load drift hits all variants alike; one unmeasured
# round first checks the answers and which HTTP client each orchestrator really loads.
#
# Per run the drivers (bench/ColdStart.java) report: JVM start -> main, -> handler ready, the first answer's own
# duration and the classes it loaded (ClassLoadingMXBean).
#
# Usage: bench/cold-init.sh [RUNS]   (default 10)
#   MVN_FLAGS=-o   passes flags to Maven (e.g. offline); SKIP_BUILD=1 reuses the jars already built.
# Needs: a JDK 17+, python3, and the local Maven repository of the build (aws-lambda-java-serialization
# is a test dependency of runtime-lambdas, so the build brings it).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
M2=${M2_REPO:-$HOME/.m2/repository}
JVM_FLAGS=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1)
OUT=bench/target

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores); $(java -version 2>&1 | head -1)"
if [ -z "${SKIP_BUILD:-}" ]; then
  # The normal jars, then the baseline (the profile builds into runtime-lambdas/target/bench-baseline and
  # leaves the normal jars alone).
  ./mvnw -B -ntp -q ${MVN_FLAGS:-} -pl runtime-lambdas package -DskipTests
  ./mvnw -B -ntp -q ${MVN_FLAGS:-} -pl runtime-lambdas package -DskipTests -Pbench-baseline
fi
T=runtime-lambdas/target
PROXY=$(ls $T/runtime-lambdas-*-proxy.jar)
SECRETS=$(ls $T/runtime-lambdas-*-proxy-secrets.jar)
ORCH=$(ls $T/runtime-lambdas-*-orchestrator.jar)
BASE=$(ls $T/bench-baseline/runtime-lambdas-*-orchestrator-baseline.jar)
SER=$M2/com/amazonaws/aws-lambda-java-serialization/1.4.1/aws-lambda-java-serialization-1.4.1.jar
CORE=$M2/com/amazonaws/aws-lambda-java-core/1.4.0/aws-lambda-java-core-1.4.0.jar
EVT=$M2/com/amazonaws/aws-lambda-java-events/3.16.1/aws-lambda-java-events-3.16.1.jar
# the events serializer needs joda-time, a dependency of aws-lambda-java-events 3.x (it ships with such a handler)
JODA=$M2/joda-time/joda-time/2.10.8/joda-time-2.10.8.jar
EVENTS=1
if [ ! -f "$EVT" ] || [ ! -f "$JODA" ]; then
  EVENTS=""
  echo "aws-lambda-java-events or joda-time not in $M2: the events row is skipped"
fi

# Drivers: one directory per handler, each compiled against its own jar only.
rm -rf "$OUT/proxy-driver" "$OUT/orchestrator-driver"
mkdir -p "$OUT/proxy-driver" "$OUT/orchestrator-driver"
javac --release 17 -nowarn -d "$OUT/proxy-driver" -cp "$PROXY:$CORE:$SER" bench/BenchContext.java bench/ColdStart.java \
  bench/ProxyColdInit.java
ORCH_SRC=(bench/BenchContext.java bench/ColdStart.java bench/DefaultClientHandler.java bench/ColdInit.java)
ORCH_CP="$ORCH:$SER"
if [ -n "$EVENTS" ]; then ORCH_CP="$ORCH_CP:$EVT"; ORCH_SRC+=(bench/ColdInitEvents.java); fi
javac --release 17 -nowarn -d "$OUT/orchestrator-driver" -cp "$ORCH_CP" "${ORCH_SRC[@]}"

rm -f "$OUT/stub.port"
python3 bench/stub.py > "$OUT/stub.port" &
STUB=$!
trap 'kill $STUB 2>/dev/null' EXIT
while [ ! -s "$OUT/stub.port" ]; do sleep 0.1; done
ENDPOINT="http://127.0.0.1:$(cat "$OUT/stub.port")"
ORCH_EVENT=runtime-lambdas/src/test/resources/orchestrator/events/get-text.json
PROXY_EVENT=bench/proxy-event.json

VARIANTS=(proxy proxy-primed orchestrator orchestrator-primed baseline)
[ -n "$EVENTS" ] && VARIANTS+=(events)
# run VARIANT [extra JVM flags...]: one fresh JVM; prints its COLD_INIT_MS line (stderr to stderr.log)
run() {
  local v=$1; shift
  case $v in
    proxy) env RATELIMIT_TARGET_URL="$ENDPOINT/vendor" java "${JVM_FLAGS[@]}" "$@" \
             -cp "$OUT/proxy-driver:$PROXY:$CORE:$SER" ProxyColdInit "$PROXY_EVENT" ;;
    proxy-primed) env RATELIMIT_TARGET_URL="$ENDPOINT/vendor" java "${JVM_FLAGS[@]}" "$@" \
             -cp "$OUT/proxy-driver:$PROXY:$CORE:$SER" ProxyColdInit "$PROXY_EVENT" prime ;;
    orchestrator) java "${JVM_FLAGS[@]}" "$@" -cp "$OUT/orchestrator-driver:$ORCH:$SER" ColdInit pojo "$ORCH_EVENT" "$ENDPOINT" ;;
    orchestrator-primed) java "${JVM_FLAGS[@]}" "$@" -cp "$OUT/orchestrator-driver:$ORCH:$SER" ColdInit pojo "$ORCH_EVENT" \
             "$ENDPOINT" prime ;;
    baseline) java "${JVM_FLAGS[@]}" "$@" -cp "$OUT/orchestrator-driver:$BASE:$SER" ColdInit baseline "$ORCH_EVENT" "$ENDPOINT" ;;
    events) java "${JVM_FLAGS[@]}" "$@" -cp "$OUT/orchestrator-driver:$ORCH:$SER:$EVT:$JODA" ColdInit events "$ORCH_EVENT" "$ENDPOINT" ;;
  esac 2>>"$OUT/stderr.log"
}
: > "$OUT/stderr.log"

# Unmeasured round: every variant answers, and each orchestrator loads the HTTP client it is meant to.
for v in "${VARIANTS[@]}"; do
  run "$v" "-Xlog:class+load=info:file=$OUT/classes-$v.log" | grep -q '^COLD_INIT_MS ' \
    || { echo "$v gave no answer; see $OUT/stderr.log" >&2; exit 1; }
done
client() { grep -oE 'software\.amazon\.awssdk\.http\.(urlconnection\.UrlConnection|apache5\.Apache5|apache\.Apache)HttpClient ' \
  "$OUT/classes-$1.log" | sed 's/ $//; s/.*\.//' | sort -u | tr '\n' ' '; }
echo "HTTP client classes loaded: orchestrator: $(client orchestrator); baseline: $(client baseline)"
case "$(client orchestrator)" in "UrlConnectionHttpClient ") ;; *) echo "orchestrator: unexpected HTTP client" >&2; exit 1 ;; esac
case "$(client baseline)" in "Apache5HttpClient ") ;; *) echo "baseline: unexpected HTTP client" >&2; exit 1 ;; esac

declare -A TIMES MAINS READY FIRST CLASSES
for _ in $(seq "$RUNS"); do
  for v in "${VARIANTS[@]}"; do
    line=$(run "$v" | sed -n 's/^COLD_INIT_MS //p') # "<to answer> <to main> <to ready> <first answer> <classes>"
    [ -n "$line" ] || { echo "$v gave no answer; see $OUT/stderr.log" >&2; exit 1; }
    read -r total main ready first classes <<< "$line"
    TIMES[$v]="${TIMES[$v]:-}$total "
    MAINS[$v]="${MAINS[$v]:-}$main "
    READY[$v]="${READY[$v]:-}$ready "
    FIRST[$v]="${FIRST[$v]:-}$first "
    CLASSES[$v]="${CLASSES[$v]:-}$classes "
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A MED LABEL JAR
LABEL=([proxy]="proxy (\`ProxyHandler\`)"
       [proxy-primed]="proxy, primed (SnapStart hooks run)"
       [orchestrator]="orchestrator (\`OrchestratorHandler\`, URL-connection client)"
       [orchestrator-primed]="orchestrator, primed (SnapStart hooks run)"
       [baseline]="baseline: orchestrator with the SDK's default HTTP clients (Apache 5 used)"
       [events]="orchestrator behind \`aws-lambda-java-events\` types (reference only)")
JAR=([proxy]=$PROXY [proxy-primed]=$PROXY [orchestrator]=$ORCH [orchestrator-primed]=$ORCH [baseline]=$BASE [events]=$ORCH)
commas() { sed ':a;s/\B[0-9]\{3\}\b/,&/;ta'; }
size() { stat -c %s "$1" | commas; }
echo
echo "| handler | jar | bytes | JVM start → first answer, median | runs (ms) | → main | → ready (init) | first answer | classes loaded by the first answer |"
echo "|---|---|---|---|---|---|---|---|---|"
for v in "${VARIANTS[@]}"; do
  MED[$v]=$(echo "${TIMES[$v]}" | median)
  extra=""; [ "$v" = events ] && extra=" + events $(size "$EVT") + joda-time $(size "$JODA")"
  echo "| ${LABEL[$v]} | \`$(basename "${JAR[$v]}")\` | $(size "${JAR[$v]}")$extra | **${MED[$v]} ms** | ${TIMES[$v]% } | $(echo "${MAINS[$v]}" | median) ms | $(echo "${READY[$v]}" | median) ms | **$(echo "${FIRST[$v]}" | median) ms** | $(echo "${CLASSES[$v]}" | median) |"
done
echo "| proxy with a vendor key | \`$(basename "$SECRETS")\` | $(size "$SECRETS") | see bench/secret-cost.sh | | | | | |"
echo
awk -v o="${MED[orchestrator]}" -v b="${MED[baseline]}" -v os="$(stat -c %s "$ORCH")" -v bs="$(stat -c %s "$BASE")" \
  'BEGIN { printf "orchestrator / baseline: cold init %.2f (%+d ms), jar size %.2f (%+d bytes)\n", o / b, o - b, os / bs, os - bs }'  | commas
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
