#!/usr/bin/env bash
# ./run.sh          start Azurite and the local host on http://127.0.0.1:7071 until Ctrl+C
# ./run.sh --demo   the same, plus two sample cases pushed to final reports; exits 0 when both exist
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$REPO_ROOT"

DEMO=""
for arg in "$@"; do
  case "$arg" in
    --demo) DEMO="--demo" ;;
    -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (use --demo)" ;;
  esac
done

BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
DATA_DIR="${SECONDOPINION_DATA:-$REPO_ROOT/.data}"

AZURITE_PID=""
HOST_PID=""
cleanup() {
  trap - EXIT INT TERM
  stop_pid "$HOST_PID"
  stop_pid "$AZURITE_PID"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require_tools
ensure_apt_packages
ensure_azurite

build() {
  dotnet build "$1" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null || dotnet build "$1" -c Release --nologo -v quiet -clp:ErrorsOnly
}
log "building the local host${DEMO:+ and the demo client}"
build functions/SecondOpinion.LocalHost/SecondOpinion.LocalHost.csproj
[ -n "$DEMO" ] && build tools/SecondOpinion.Demo/SecondOpinion.Demo.csproj

log "starting Azurite (blob $BLOB_PORT, queue $QUEUE_PORT, table $TABLE_PORT) in $DATA_DIR/azurite"
start_azurite "$DATA_DIR/azurite" "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT"

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Storage__ConnectionString="$(azurite_connection_string "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT")"
export State__SqlitePath="$DATA_DIR/secondopinion.db"
export Urls="${SECONDOPINION_URLS:-http://127.0.0.1:7071}"

log "starting the local host on $Urls"
dotnet functions/SecondOpinion.LocalHost/bin/Release/net10.0/SecondOpinion.LocalHost.dll &
HOST_PID=$!
set +e
if [ -n "$DEMO" ]; then
  # The demo is an outside client: it waits for /api/health/ready, then drives two cases over HTTP.
  dotnet tools/SecondOpinion.Demo/bin/Release/net10.0/SecondOpinion.Demo.dll "${Urls%%;*}"
  STATUS=$?
else
  wait "$HOST_PID"
  STATUS=$?
  HOST_PID=""
fi
set -e
exit "$STATUS"
