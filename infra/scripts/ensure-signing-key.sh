#!/usr/bin/env sh
# azd preprovision hook: gives the environment a token signing key once, so redeployments keep the
# same key (and issued tokens stay valid). The key lives in the azd environment and in Key Vault.
set -eu

if [ -n "$(azd env get-value AUTH_SIGNING_KEY 2>/dev/null || true)" ]; then
  exit 0
fi
key="$(openssl rand -base64 48 | tr -d '\n')"
azd env set AUTH_SIGNING_KEY "$key" >/dev/null
echo "Generated AUTH_SIGNING_KEY for this azd environment."
