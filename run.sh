#!/usr/bin/env bash
# ./run.sh          start Azurite, the development mail server and the local host on http://127.0.0.1:7071
#                   until Ctrl+C: the portal at http://127.0.0.1:7071/, the API under /api,
#                   the e-mails the host sends at http://127.0.0.1:1080/
# ./run.sh --demo   the same, plus two sample cases pushed to final reports; exits 0 when both exist
# ./run.sh --telemetry [--demo]   also start the Aspire dashboard on http://127.0.0.1:18888 and send it
#                   the host's traces, metrics and logs (OTLP)
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$REPO_ROOT"

DEMO=""
TELEMETRY=""
for arg in "$@"; do
  case "$arg" in
    --demo) DEMO="--demo" ;;
    --telemetry) TELEMETRY="yes" ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (use --demo and/or --telemetry)" ;;
  esac
done

BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
DATA_DIR="${SECONDOPINION_DATA:-$REPO_ROOT/.data}"

AZURITE_PID=""
HOST_PID=""
ASPIRE_PID=""
MAILDEV_PID=""
cleanup() {
  trap - EXIT INT TERM
  stop_pid "$HOST_PID"
  stop_pid "$AZURITE_PID"
  stop_maildev
  stop_pid "$ASPIRE_PID"
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

# maildev's usual ports unless taken (then free ones); MAILDEV_SMTP_PORT / MAILDEV_WEB_PORT pin them.
MAIL_SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}"
MAIL_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
[ -z "${MAILDEV_SMTP_PORT:-}" ] && port_open "$MAIL_SMTP_PORT" && MAIL_SMTP_PORT="$(free_port)"
[ -z "${MAILDEV_WEB_PORT:-}" ] && port_open "$MAIL_WEB_PORT" && MAIL_WEB_PORT="$(free_port)"
log "starting maildev (SMTP $MAIL_SMTP_PORT, web $MAIL_WEB_PORT) in $DATA_DIR/mail"
start_maildev "$DATA_DIR/mail" "$MAIL_SMTP_PORT" "$MAIL_WEB_PORT"

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Storage__ConnectionString="$(azurite_connection_string "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT")"
export State__SqlitePath="$DATA_DIR/secondopinion.db"
export Urls="${SECONDOPINION_URLS:-http://127.0.0.1:7071}"
export Notifications__Smtp__Host=127.0.0.1
export Notifications__Smtp__Port="$MAIL_SMTP_PORT"
export Notifications__Smtp__Security=None
export Notifications__LinkBaseUrl="${Urls%%;*}/"
export Notifications__RoleMailboxes__ops="${Notifications__RoleMailboxes__ops:-ops@secondopinion.localhost}"
export Notifications__RoleMailboxes__director="${Notifications__RoleMailboxes__director:-director@secondopinion.localhost}"

if [ -n "$TELEMETRY" ]; then
  ensure_aspire_dashboard
  UI_PORT="${SECONDOPINION_TELEMETRY_PORT:-18888}"
  OTLP_PORT="${SECONDOPINION_OTLP_PORT:-4317}"
  mkdir -p "$DATA_DIR"
  start_aspire_dashboard "$UI_PORT" "$OTLP_PORT" "$DATA_DIR/aspire-dashboard.log"
  export Telemetry__OtlpEndpoint="http://127.0.0.1:$OTLP_PORT"
  log "telemetry: traces, metrics and logs at http://127.0.0.1:$UI_PORT (Traces: one per request and workflow step, tagged secondopinion.case_id)"
fi

log "e-mails: http://127.0.0.1:$MAIL_WEB_PORT/ (every notification the host sends lands there)"
log "starting the local host on $Urls"
log "portal: ${Urls%%;*}/ (open it in a browser; the development sign-in page lets you pick a role and a subject)"
dotnet functions/SecondOpinion.LocalHost/bin/Release/net10.0/SecondOpinion.LocalHost.dll &
HOST_PID=$!
set +e
if [ -n "$DEMO" ]; then
  # The demo is an outside client: it waits for /api/health/ready, then drives two cases over HTTP.
  dotnet tools/SecondOpinion.Demo/bin/Release/net10.0/SecondOpinion.Demo.dll "${Urls%%;*}" "http://127.0.0.1:$MAIL_WEB_PORT/"
  STATUS=$?
else
  wait "$HOST_PID"
  STATUS=$?
  HOST_PID=""
fi
set -e
exit "$STATUS"
