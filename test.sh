#!/usr/bin/env bash
# ./test.sh   install what is missing, then build and run every test (unit, workflow on the in-memory
#             durable engine, integration against Azurite/SQLite/tesseract, end-to-end over HTTP against
#             the local host) and validate the Bicep templates. Tests start their own Azurite and maildev
#             on free ports and stop them, so a ./run.sh may keep serving meanwhile.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$REPO_ROOT"

require_tools
ensure_apt_packages
ensure_azurite

STATUS=0
if [ -f infra/validate.sh ]; then
  log "validating infra/ (bicep build + lint)"
  bash infra/validate.sh || STATUS=1
fi

log "building the solution (the Functions app too)"
dotnet build SecondOpinion.sln --nologo -v quiet -clp:ErrorsOnly

log "running the tests"
OUT="$(mktemp)"
export SECONDOPINION_TEST_RUN="run$$"
# The tests stop their Azurite and maildev themselves; this catches any left by a test host that crashed.
trap 'rm -f "$OUT"; pkill -f "so-azurite-$SECONDOPINION_TEST_RUN-" 2>/dev/null || true; pkill -f "so-maildev-$SECONDOPINION_TEST_RUN-" 2>/dev/null || true' EXIT
set +e
dotnet test SecondOpinion.sln --no-build --settings tests/test.runsettings --nologo --blame-hang-timeout 10m 2>&1 | tee "$OUT"
TEST_STATUS=${PIPESTATUS[0]}
set -e
[ "$TEST_STATUS" -ne 0 ] && STATUS=$TEST_STATUS

# One plain closing line over all test projects.
awk '
  /(Passed|Failed)! +- +Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
    n++
  }
  END { if (n > 0) printf "%d passed, %d failed, %d skipped\n", p, f, s; else print "0 passed, 1 failed" }
' "$OUT"
exit "$STATUS"
