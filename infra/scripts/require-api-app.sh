#!/usr/bin/env sh
# azd preprovision hook: the API's Entra ID app registration is created by an operator (it needs
# directory rights a deployment should not have), then named to azd once:
#   azd env set AZURE_API_CLIENT_ID <application (client) id>
# This stops `azd provision` early, with that instruction, when the id is missing or malformed.
set -eu

id="${AZURE_API_CLIENT_ID:-$(azd env get-value AZURE_API_CLIENT_ID 2>/dev/null || true)}"
case "$id" in
  [0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]-[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]-[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]-[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]-[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F])
    exit 0
    ;;
esac
cat >&2 <<'MSG'
AZURE_API_CLIENT_ID is not set to an application (client) id.
Create the API app registration in Entra ID (app roles patient, hospital, specialist, director, ops;
Application ID URI api://<client id>; v2 access tokens), then run:
  azd env set AZURE_API_CLIENT_ID <client id>
MSG
exit 1
