#!/usr/bin/env bash
# Cold init of the orchestrator: fresh JVM -> first handler answer (median of RUNS), for the event types
# chosen (own POJOs, "pojo") against aws-lambda-java-events ("events"), plus jar sizes.
# Needs: a built runtime-lambdas (./mvnw -pl runtime-lambdas package), python3, and the
# aws-lambda-java-serialization / aws-lambda-java-events jars in the local Maven repository
# (./mvnw dependency:get -Dartifact=com.amazonaws:aws-lambda-java-events:3.16.1, and
# -Dartifact=joda-time:joda-time:2.10.8).
# Usage: bench/cold-init.sh [RUNS]   (JAVA_OPTS passes JVM flags, e.g. the proxies' -XX:TieredStopAtLevel=1)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-7}
M2=${M2_REPO:-$HOME/.m2/repository}
ORCH=$(ls runtime-lambdas/target/runtime-lambdas-*-orchestrator.jar)
PROXY=$(ls runtime-lambdas/target/runtime-lambdas-*-proxy.jar)
SER=$M2/com/amazonaws/aws-lambda-java-serialization/1.4.1/aws-lambda-java-serialization-1.4.1.jar
EVT=$M2/com/amazonaws/aws-lambda-java-events/3.16.1/aws-lambda-java-events-3.16.1.jar
# the events serializer needs joda-time, a dependency of aws-lambda-java-events 3.x (it ships with such a handler)
JODA=$M2/joda-time/joda-time/2.10.8/joda-time-2.10.8.jar
OUT=bench/target
mkdir -p "$OUT/classes"
javac -q -d "$OUT/classes" -cp "$ORCH:$SER:$EVT" bench/ColdInit.java 2>/dev/null || javac -d "$OUT/classes" -cp "$ORCH:$SER:$EVT" bench/ColdInit.java

rm -f "$OUT/stub.port"
python3 bench/stub.py > "$OUT/stub.port" &
STUB=$!
trap 'kill $STUB' EXIT
while [ ! -s "$OUT/stub.port" ]; do sleep 0.1; done
ENDPOINT="http://127.0.0.1:$(cat "$OUT/stub.port")"
EVENT=runtime-lambdas/src/test/resources/orchestrator/events/get-text.json

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
run() { # mode classpath
  for _ in $(seq "$RUNS"); do
    java ${JAVA_OPTS:-} -Xshare:auto -cp "$2" ColdInit "$1" "$EVENT" "$ENDPOINT" 2>>"$OUT/stderr.log" | sed -n 's/^COLD_INIT_MS //p'
  done
}
echo "jar sizes (bytes): proxy $(stat -c %s "$PROXY"), orchestrator $(stat -c %s "$ORCH")"
echo "aws-lambda-java-events + joda-time jars (unshaded): $(stat -c %s "$EVT") + $(stat -c %s "$JODA")"
: > "$OUT/stderr.log"
for mode in pojo events; do
  CP="$OUT/classes:$ORCH:$SER"; [ "$mode" = events ] && CP="$CP:$EVT:$JODA"
  TIMES=$(run "$mode" "$CP" | tr '\n' ' ')
  echo "$mode: median $(echo "$TIMES" | tr ' ' '\n' | grep . | median) ms over $RUNS runs ($TIMES)"
done
