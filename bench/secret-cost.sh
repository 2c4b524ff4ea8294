#!/usr/bin/env bash
# Cold cost of the proxy's Secrets Manager client: in a fresh JVM with only the proxy-secrets jar on the
# class path (and the Lambda's JAVA_TOOL_OPTIONS flags), the time to build the client and to get the first
# GetSecretValue answer, against a local moto_server. Median of N runs (default 5).
# Usage: bench/secret-cost.sh [runs]      Needs: a JDK, python3, moto_server (pip install "moto[server]").
# Builds the jar first (tests skipped); MVN=mvn uses a local Maven instead of ./mvnw.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
"${MVN:-./mvnw}" -q -B -ntp -pl runtime-lambdas -am package -DskipTests >/dev/null
jar="$(ls runtime-lambdas/target/runtime-lambdas-*-proxy-secrets.jar)"
work="$(mktemp -d)"
moto_pid=""
cleanup() { [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The probe (also used by ProxySecretsJarIT), compiled against the jar alone.
javac --release 17 -d "$work/classes" -cp "$jar" \
  runtime-lambdas/src/test/java/dev/ratelimit/runtime/proxy/secrets/SecretsJarProbe.java

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
MOTO_PORT="$port" moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 300); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/moto-api/" && break
  sleep 0.1
done
arn="$(curl -fsS "http://127.0.0.1:$port/" -H 'Content-Type: application/x-amz-json-1.1' \
  -H 'X-Amz-Target: secretsmanager.CreateSecret' \
  -H 'Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0' \
  -d '{"Name":"bench-vendor-key","SecretString":"bench-key-0123456789abcdef"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["ARN"])')"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
client=() fetch=() total=() uptime=() wall=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  line="$(env -i PATH="$PATH" HOME="$work" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing \
    AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing AWS_ENDPOINT_URL="http://127.0.0.1:$port" \
    AWS_EC2_METADATA_DISABLED=true RATELIMIT_API_KEY_SECRET_ARN="$arn" \
    java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp "$jar:$work/classes" \
    dev.ratelimit.runtime.proxy.secrets.SecretsJarProbe fetch)"
  end=$(date +%s%N)
  # keyLength=N clientMillis=A fetchMillis=B uptimeMillis=C
  c=$(sed -E 's/.*clientMillis=([0-9]+).*/\1/' <<<"$line")
  f=$(sed -E 's/.*fetchMillis=([0-9]+).*/\1/' <<<"$line")
  client+=("$c"); fetch+=("$f"); total+=($((c + f)))
  uptime+=("$(sed -E 's/.*uptimeMillis=([0-9]+).*/\1/' <<<"$line")")
  wall+=($(( (end - start) / 1000000 )))
done

printf 'proxy-secrets jar: %s (%s bytes); %s runs, java %s\n' "$(basename "$jar")" "$(stat -c %s "$jar")" \
  "$runs" "$(java -version 2>&1 | head -1 | sed -E 's/.*"(.*)".*/\1/')"
row() { printf '%-44s median %5s ms  (runs: %s)\n' "$1" "$(printf '%s\n' "${@:2}" | median)" "${*:2}"; }
row "build the Secrets Manager client" "${client[@]}"
row "first GetSecretValue answer" "${fetch[@]}"
row "client + first answer (the secret's cold cost)" "${total[@]}"
row "JVM start to first answer" "${uptime[@]}"
row "process wall time" "${wall[@]}"
