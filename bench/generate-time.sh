#!/usr/bin/env bash
# What a user waits for, side by side in ONE interleaved run (one of each per round, so that load drift
# hits all alike), median of N rounds, on bench/generate-project (3 proxies, the defaults):
#   validate   `mvn validate` on the consumer: no plugin runs (Maven's own floor)
#   skip       `mvn ratelimit:generate -Dratelimit.skip=true`: the plugin's class realm is built, the mojo
#              returns at once
#   generate   `mvn ratelimit:generate`
#   cdk        `cdk synth` of the same stack written by hand with the AWS CDK (bench/cdk/app.js)
# then the ratios generate/validate and generate/cdk, with the load average before and after. Each
# command's CPU time (user + sys) is reported beside its wall time. `generate` is always a full
# generation (a fresh output directory each time): the plugin has no up-to-date check.
# Usage: bench/generate-time.sh [runs]   (default 5)
# Needs a JDK, node/npm (the CDK is installed from the npm registry into bench/target/cdk, once). The
# plugin (self-contained: its dependencies are shaded in, its installed POM declares none) is packaged and
# staged with its parent POM into a private local repository under bench/target (never the shared ~/.m2),
# which resolves everything else from ~/.m2 as a file repository;
# the measured Maven runs are offline (-o) and quiet (-q), on a warm repository.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
root=$PWD
target=$root/bench/target
work=$target/generate-time
repo=$work/repo
m2=${M2_REPO:-$HOME/.m2/repository}
mkdir -p "$work"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores); $(java -version 2>&1 | head -1)"

./mvnw -q -B -ntp -o -pl plugin -am package -DskipTests -Dinvoker.skip=true
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
cat > "$work/settings.xml" <<XML
<settings><profiles><profile><id>m2</id><activation><activeByDefault>true</activeByDefault></activation>
<repositories><repository><id>m2</id><url>file://$m2</url></repository></repositories>
<pluginRepositories><pluginRepository><id>m2</id><url>file://$m2</url></pluginRepository></pluginRepositories>
</profile></profiles></settings>
XML
rm -rf "$repo/dev/ratelimit"
mvnq() { "$root/mvnw" -q -B -ntp -s "$work/settings.xml" -Dmaven.repo.local="$repo" "$@"; }
stage() { # file pom
  mvnq install:install-file -Dfile="$1" -DpomFile="$2" >/dev/null
}
stage pom.xml pom.xml
stage "plugin/target/ratelimit-maven-plugin-$version.jar" plugin/dependency-reduced-pom.xml
project=(-f bench/generate-project/pom.xml)
# Warm the private repository (everything Maven and the plugin need), then check the output.
mvnq "${project[@]}" validate >/dev/null
mvnq "${project[@]}" ratelimit:generate -Dratelimit.outputDirectory="$work/out" >/dev/null
asl="$work/out/bench.asl.json"
[ -s "$asl" ] || { echo "ratelimit:generate wrote no $asl" >&2; exit 1; }

cdk=$target/cdk
if [ ! -x "$cdk/node_modules/.bin/cdk" ]; then
  mkdir -p "$cdk"
  (cd "$cdk" && npm install --no-audit --no-fund --loglevel=error aws-cdk-lib@2 aws-cdk@2 constructs@10 >/dev/null)
fi
cp bench/cdk/app.js bench/cdk/cdk.json "$cdk/"
cdk_synth() { (cd "$cdk" && BENCH_ASL="$asl" CDK_DISABLE_VERSION_CHECK=1 node_modules/.bin/cdk synth -q --no-notices \
  >/dev/null 2>&1); }
cdk_synth || { echo "cdk synth failed; run it in $cdk to see why" >&2; exit 1; }
echo "cdk: $(cd "$cdk" && node_modules/.bin/cdk --version 2>/dev/null | head -1), aws-cdk-lib $(node -p "require('$cdk/node_modules/aws-cdk-lib/package.json').version")"

# Wall time and CPU time (user + sys of the command and its children), both in ms. CPU time is the
# steadier figure on a shared machine; wall time is what the user waits for.
TIMEFORMAT='%R %U %S'
ms() { local r; r=$( { time "$@" >/dev/null 2>&1; } 2>&1 ); awk '{printf "%d %d", $1 * 1000, ($2 + $3) * 1000}' <<<"$r"; }
declare -A T C
variants=(validate skip generate cdk)
for _ in $(seq "$runs"); do
  for v in "${variants[@]}"; do
    case $v in
      validate) t=$(ms mvnq -o "${project[@]}" validate) ;;
      skip) t=$(ms mvnq -o "${project[@]}" ratelimit:generate -Dratelimit.skip=true) ;;
      # full generation every time: the output directory is removed first
      generate) rm -rf "$work/run"; t=$(ms mvnq -o "${project[@]}" ratelimit:generate -Dratelimit.outputDirectory="$work/run") ;;
      cdk) t=$(ms cdk_synth) ;;
    esac
    T[$v]="${T[$v]:-}${t% *} "
    C[$v]="${C[$v]:-}${t#* } "
  done
done
ls "$work/run" | grep -q 'bench.template.yaml' || { echo "the measured generate wrote no template" >&2; exit 1; }

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A M label
echo
echo "| command | median wall | runs (ms) | median CPU (user + sys) |"
echo "|---|---|---|---|"
label=([validate]='`mvnw validate` (no plugin: Maven'"'"'s floor)' [skip]='`mvnw ratelimit:generate -Dratelimit.skip=true`'
       [generate]='`mvnw ratelimit:generate`' [cdk]='`cdk synth` (the same stack in CDK)')
for v in "${variants[@]}"; do
  M[$v]=$(echo "${T[$v]}" | median)
  echo "| ${label[$v]} | **${M[$v]} ms** | ${T[$v]% } | $(echo "${C[$v]}" | median) ms |"
done
echo
awk -v g="${M[generate]}" -v f="${M[validate]}" -v s="${M[skip]}" -v c="${M[cdk]}" 'BEGIN {
  printf "generate / floor %.2f (target <= 1.3); skip / floor %.2f; generate / cdk synth %.2f (target <= 0.5)\n", g / f, s / f, g / c }'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
