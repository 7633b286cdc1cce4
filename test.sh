#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs what the tests need, restores, builds, tests,
# and ends with the line "Tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

results="TestResults"
summary() {
  local trx passed=0 failed=0
  trx=$(ls -t "$results"/*.trx 2>/dev/null | head -1)
  if [ -n "$trx" ]; then
    passed=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'passed="[0-9]*"' | grep -o '[0-9]*')
    failed=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'failed="[0-9]*"' | grep -o '[0-9]*')
  fi
  echo "Tests: ${passed:-0} passed, ${failed:-0} failed"
}

step() { echo "==> $*"; }

# Browser tests drive Debian's Chromium (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
  step "Installing Chromium from Debian's packages"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null \
    || { echo "Could not install chromium"; summary; exit 1; }
fi

# npm packages the tests use (s3rver, for the S3 contract suite) are pinned in package.json and package-lock.json.
if [ -f package.json ]; then
  step "Installing npm packages"
  npm ci --no-audit --no-fund >/dev/null || { echo "npm ci failed"; summary; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$results"
step "Restoring"
dotnet tool restore >/dev/null && dotnet restore DataProtection.sln || { summary; exit 1; }
step "Building"
dotnet build DataProtection.sln --no-restore -warnaserror || { summary; exit 1; }
step "Testing"
export SCREENSHOT_DIR="$PWD/artifacts/screenshots"
dotnet test DataProtection.sln --no-build --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?
echo "Screenshots: $SCREENSHOT_DIR"
summary
exit $status
