#!/usr/bin/env bash
# Installs the tools the conformance profile (SPEC §8, mvn -Pconformance) needs, if missing.
# Idempotent: a tool already present at the pinned version is left alone.
#   cfn-lint, moto_server  Python (preinstalled on this project's machines; never installed here)
#   asl-validator          npm, pinned below
set -euo pipefail

ASL_VALIDATOR_VERSION="4.0.0"

missing=0
for tool in cfn-lint moto_server; do
  if command -v "$tool" >/dev/null 2>&1; then
    echo "conformance-tools: $tool found at $(command -v "$tool")"
  else
    echo "conformance-tools: $tool is missing" >&2
    missing=1
  fi
done
if [ "$missing" -ne 0 ]; then
  echo 'conformance-tools: install them with: pip install "moto[server]" cfn-lint' >&2
  exit 1
fi
echo "conformance-tools: $(cfn-lint --version)"

if ! command -v npm >/dev/null 2>&1; then
  echo "conformance-tools: npm is missing (needed for asl-validator@${ASL_VALIDATOR_VERSION}); install Node.js 18+" >&2
  exit 1
fi

installed=""
if command -v asl-validator >/dev/null 2>&1; then
  installed="$(npm ls -g --depth=0 --json 2>/dev/null \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const d=JSON.parse(s).dependencies||{};process.stdout.write((d["asl-validator"]||{}).version||"")}catch(e){}})')"
fi
if [ "$installed" = "$ASL_VALIDATOR_VERSION" ]; then
  echo "conformance-tools: asl-validator ${ASL_VALIDATOR_VERSION} already installed at $(command -v asl-validator)"
else
  echo "conformance-tools: installing asl-validator@${ASL_VALIDATOR_VERSION} (found: ${installed:-none})"
  npm install -g "asl-validator@${ASL_VALIDATOR_VERSION}"
  command -v asl-validator >/dev/null 2>&1 || {
    echo "conformance-tools: asl-validator is not on PATH after install (npm prefix: $(npm prefix -g))" >&2
    exit 1
  }
fi
echo "conformance-tools: ready"
