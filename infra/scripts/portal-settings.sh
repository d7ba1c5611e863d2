#!/usr/bin/env sh
# Prepares the published portal (dotnet publish -c Release of portal/SecondOpinion.Portal) for its
# Static Web App, before it is uploaded:
# - wwwroot/appsettings.json gets this deployment's sign-in settings (outputs of infra/main.bicep:
#   PORTAL_AUTH_AUTHORITY, PORTAL_AUTH_CLIENT_ID, PORTAL_AUTH_API_SCOPE; none is a secret);
# - wwwroot/staticwebapp.config.json's Content-Security-Policy gets the SHA-256 of index.html's inline
#   import map (CSP treats it as an inline script; publish fills it with fingerprinted asset names,
#   so the hash changes with every build and cannot be committed) in place of 'sha256-IMPORTMAP',
#   and the authority's origin in place of https://login.microsoftonline.com (other clouds).
# Usage: infra/scripts/portal-settings.sh <publish>/wwwroot
set -eu

root="${1:?usage: portal-settings.sh <published wwwroot>}"
value() { eval "v=\${$1:-}"; [ -n "$v" ] || v="$(azd env get-value "$1" 2>/dev/null || true)"; printf '%s' "$v"; }
authority="$(value PORTAL_AUTH_AUTHORITY)"
client_id="$(value PORTAL_AUTH_CLIENT_ID)"
api_scope="$(value PORTAL_AUTH_API_SCOPE)"

for name in PORTAL_AUTH_AUTHORITY:"$authority" PORTAL_AUTH_CLIENT_ID:"$client_id" PORTAL_AUTH_API_SCOPE:"$api_scope"; do
  case "${name#*:}" in
    "") echo "${name%%:*} is empty: set the portal's app registration (azd env set AZURE_PORTAL_CLIENT_ID <client id>) and provision." >&2; exit 1 ;;
    *[\"\\]*|*"'"*|*" "*) echo "${name%%:*} has a character a URL or client id never has." >&2; exit 1 ;;
  esac
done
case "$authority" in https://*) ;; *) echo "PORTAL_AUTH_AUTHORITY must be an https URL." >&2; exit 1 ;; esac
origin="https://$(printf '%s' "${authority#https://}" | cut -d/ -f1)"

# The import map exactly as the browser hashes it: the text between the element's tags, byte for byte.
grep -q '<script type="importmap">' "$root/index.html" || { echo "$root/index.html has no <script type=\"importmap\">." >&2; exit 1; }
hash="$(awk 'BEGIN { RS = "\001" } {
  tag = "<script type=\"importmap\">"
  rest = substr($0, index($0, tag) + length(tag))
  printf "%s", substr(rest, 1, index(rest, "</script>") - 1)
}' "$root/index.html" | openssl dgst -sha256 -binary | openssl base64 -A)"

config="$root/staticwebapp.config.json"
grep -q "'sha256-IMPORTMAP'" "$config" || { echo "$config has no 'sha256-IMPORTMAP' to replace (already prepared?)." >&2; exit 1; }
sed -e "s|'sha256-IMPORTMAP'|'sha256-$hash'|" -e "s|https://login.microsoftonline.com|$origin|g" "$config" > "$config.tmp"
mv "$config.tmp" "$config"

printf '{\n  "Auth": {\n    "Authority": "%s",\n    "ClientId": "%s",\n    "ApiScope": "%s"\n  }\n}\n' \
  "$authority" "$client_id" "$api_scope" > "$root/appsettings.json"

# Publish compressed both files; stale copies must not be served in their place.
rm -f "$root/appsettings.json.br" "$root/appsettings.json.gz" "$config.br" "$config.gz"
echo "portal: appsettings.json and the CSP (import map sha256-$hash) prepared in $root"
