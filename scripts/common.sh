#!/usr/bin/env bash
# Shared by run.sh and test.sh: install what is missing, start and stop Azurite and the development mail server.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AZURITE_JS="$REPO_ROOT/tools/node/node_modules/azurite/dist/src/azurite.js"
COSMOS_SERVER_PKG="$REPO_ROOT/tools/node/node_modules/@vercel/cosmosdb-server/package.json"
MAILDEV_JS="$REPO_ROOT/tools/node/node_modules/maildev/dist/bin/maildev.js"
AXE_JS="$REPO_ROOT/tools/node/node_modules/axe-core/axe.min.js"

log() { printf '\033[1;34m[secondopinion]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[secondopinion] %s\033[0m\n' "$*" >&2; exit 1; }

require_tools() {
  command -v dotnet >/dev/null || die "The .NET SDK (dotnet) is required: see README."
  command -v node >/dev/null || die "Node.js (node) is required for Azurite: see README."
  command -v npm >/dev/null || die "npm is required for Azurite: see README."
  command -v openssl >/dev/null || die "openssl is required (the local Cosmos-compatible test server makes its certificate): apt-get install openssl"
}

# Debian packages: tesseract for OCR (poppler-utils for inspecting PDFs in tests); the fonts PDF
# reports are set in (DejaVu Sans, and Droid Sans Fallback for Japanese: a plain TTF PDFsharp reads).
ensure_apt_packages() {
  local missing=()
  command -v tesseract >/dev/null || missing+=(tesseract-ocr tesseract-ocr-eng)
  # Orientation/script detection and the Japanese and Spanish data the reader maps scripts to.
  local tessdata=/usr/share/tesseract-ocr/5/tessdata
  [ -f "$tessdata/osd.traineddata" ] || missing+=(tesseract-ocr-osd)
  [ -f "$tessdata/jpn.traineddata" ] || missing+=(tesseract-ocr-jpn)
  [ -f "$tessdata/spa.traineddata" ] || missing+=(tesseract-ocr-spa)
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  [ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || missing+=(fonts-droid-fallback)
  # The portal's browser tests drive Debian's chromium headless (Playwright is pointed at it: no browser download).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} (apt)"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  tesseract --list-langs 2>/dev/null | grep -qx eng || die "tesseract has no English data (tesseract-ocr-eng)."
  tesseract --list-langs 2>/dev/null | grep -qx osd || die "tesseract has no orientation data (tesseract-ocr-osd)."
}

# Azurite, the local Cosmos-compatible server and maildev, pinned in tools/node/package-lock.json,
# installed into the repository (again whenever the lock changed since the last install).
ensure_azurite() {
  local installed="$REPO_ROOT/tools/node/node_modules/.package-lock.json"
  if [ ! -f "$AZURITE_JS" ] || [ ! -f "$COSMOS_SERVER_PKG" ] || [ ! -f "$MAILDEV_JS" ] || [ ! -f "$AXE_JS" ] || [ "$REPO_ROOT/tools/node/package-lock.json" -nt "$installed" ]; then
    log "installing pinned Azurite, the local Cosmos-compatible server and maildev (npm ci)"
    (cd "$REPO_ROOT/tools/node" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_azurite DIR BLOB_PORT QUEUE_PORT TABLE_PORT  → sets AZURITE_PID
start_azurite() {
  local dir="$1" blob="$2" queue="$3" table="$4"
  for p in "$blob" "$queue" "$table"; do
    port_open "$p" && die "port $p is in use: is another Azurite (or ./run.sh) running? Set AZURITE_BLOB_PORT/QUEUE/TABLE to free ports."
  done
  mkdir -p "$dir"
  node "$AZURITE_JS" --silent --location "$dir" --skipApiVersionCheck --loose --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"$dir/azurite.log" 2>&1 &
  AZURITE_PID=$!
  for _ in $(seq 1 100); do
    if port_open "$blob" && port_open "$queue" && port_open "$table"; then return 0; fi
    kill -0 "$AZURITE_PID" 2>/dev/null || die "Azurite exited: see $dir/azurite.log"
    sleep 0.1
  done
  die "Azurite did not start within 10 s: see $dir/azurite.log"
}

# A loopback port nobody listens on now.
free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# start_maildev DIR SMTP_PORT WEB_PORT → sets MAILDEV_PID. The development mail server: every e-mail
# the host sends lands in its web inbox (http://127.0.0.1:WEB_PORT/, REST under /api), kept in DIR.
start_maildev() {
  local dir="$1" smtp="$2" web="$3"
  for p in "$smtp" "$web"; do
    port_open "$p" && die "port $p is in use: is another maildev (or ./run.sh) running? Set MAILDEV_SMTP_PORT/MAILDEV_WEB_PORT to free ports."
  done
  mkdir -p "$dir"
  node "$MAILDEV_JS" --smtp "$smtp" --web "$web" --ip 127.0.0.1 --web-ip 127.0.0.1 --mail-directory "$dir" --silent >"$dir.log" 2>&1 &
  MAILDEV_PID=$!
  for _ in $(seq 1 100); do
    if port_open "$smtp" && port_open "$web"; then return 0; fi
    kill -0 "$MAILDEV_PID" 2>/dev/null || die "maildev exited: see $dir.log"
    sleep 0.1
  done
  die "maildev did not start within 10 s: see $dir.log"
}

stop_maildev() { stop_pid "${MAILDEV_PID:-}"; MAILDEV_PID=""; }

stop_pid() {
  local pid="${1:-}"
  [ -z "$pid" ] && return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

azurite_connection_string() {
  local blob="$1" queue="$2" table="$3"
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:%s/devstoreaccount1;QueueEndpoint=http://127.0.0.1:%s/devstoreaccount1;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' "$blob" "$queue" "$table"
}

# The standalone Aspire dashboard (an OTLP viewer for traces, metrics and logs), pinned, from NuGet.
ASPIRE_VERSION="13.6.5"
ASPIRE_DIR="$REPO_ROOT/.local/aspire"
ASPIRE_BIN="$ASPIRE_DIR/aspire.dashboard.sdk.linux-x64/$ASPIRE_VERSION/tools/Aspire.Dashboard"
ensure_aspire_dashboard() {
  if [ ! -x "$ASPIRE_BIN" ]; then
    log "downloading the Aspire dashboard $ASPIRE_VERSION (NuGet package Aspire.Dashboard.Sdk.linux-x64)"
    dotnet package download "Aspire.Dashboard.Sdk.linux-x64@$ASPIRE_VERSION" --output "$ASPIRE_DIR" >/dev/null
    chmod +x "$ASPIRE_BIN"
  fi
}

# start_aspire_dashboard UI_PORT OTLP_PORT LOG → sets ASPIRE_PID
start_aspire_dashboard() {
  local ui="$1" otlp="$2" logfile="$3"
  for p in "$ui" "$otlp"; do
    port_open "$p" && die "port $p is in use: set SECONDOPINION_TELEMETRY_PORT / SECONDOPINION_OTLP_PORT to free ports."
  done
  ASPNETCORE_URLS="http://127.0.0.1:$ui" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$otlp" \
    ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
    "$ASPIRE_BIN" >"$logfile" 2>&1 &
  ASPIRE_PID=$!
  for _ in $(seq 1 150); do
    if port_open "$ui" && port_open "$otlp"; then return 0; fi
    kill -0 "$ASPIRE_PID" 2>/dev/null || die "the Aspire dashboard exited: see $logfile"
    sleep 0.1
  done
  die "the Aspire dashboard did not start within 15 s: see $logfile"
}
