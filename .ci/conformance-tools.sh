#!/usr/bin/env bash
# Installs the tools the conformance profile (SPEC §8, mvn -Pconformance) needs, if missing.
# Idempotent: a tool already present at the pinned version is left alone.
#   cfn-lint, moto_server             Python (preinstalled on this project's machines; never installed here)
#   asl-validator                     npm CLI, pinned below
#   @cloud-copilot/iam-simulate       npm library: an IAM policy engine (GeneratedPoliciesConformanceIT)
#   amazon-states-language-service    npm library: the AWS Toolkit's ASL validator
set -euo pipefail

# Keep in step with it/src/test/java/dev/ratelimit/conformance (NodeTools) and docs/conformance.md.
NPM_TOOLS=(
  "asl-validator@4.0.0"
  "@cloud-copilot/iam-simulate@0.1.173"
  "amazon-states-language-service@1.16.1"
)

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

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "conformance-tools: node and npm are missing (needed for ${NPM_TOOLS[*]}); install Node.js 18+" >&2
  exit 1
fi

# The globally installed version of an npm package, or nothing.
installed_version() {
  npm ls -g --depth=0 --json 2>/dev/null \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const d=JSON.parse(s).dependencies||{};process.stdout.write((d[process.argv[1]]||{}).version||"")}catch(e){}})' "$1"
}

for spec in "${NPM_TOOLS[@]}"; do
  name="${spec%@*}"
  version="${spec##*@}"
  installed="$(installed_version "$name")"
  if [ "$installed" = "$version" ]; then
    echo "conformance-tools: $name $version already installed in $(npm root -g)"
  else
    echo "conformance-tools: installing $spec (found: ${installed:-none})"
    npm install -g "$spec"
  fi
done
command -v asl-validator >/dev/null 2>&1 || {
  echo "conformance-tools: asl-validator is not on PATH after install (npm prefix: $(npm prefix -g))" >&2
  exit 1
}
echo "conformance-tools: ready"
