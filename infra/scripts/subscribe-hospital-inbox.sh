#!/usr/bin/env sh
# azd postdeploy hook: points Blob Storage events for hospital-inbox at the deployed
# HospitalInboxBlob function. It needs the app's blobs_extension system key, which exists only once
# the code is deployed, so Bicep cannot create this subscription. Idempotent (create-or-update).
set -eu

: "${AZURE_RESOURCE_GROUP:?run through azd (outputs of infra/main.bicep)}"
: "${AZURE_FUNCTION_APP_NAME:?}"
: "${HOSPITAL_INBOX_EVENTS_TOPIC:?}"

key=""
for attempt in 1 2 3 4 5 6; do
  key="$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" --query systemKeys.blobs_extension -o tsv 2>/dev/null || true)"
  [ -n "$key" ] && break
  echo "Waiting for the blobs_extension key (attempt $attempt)..."
  sleep 20
done
if [ -z "$key" ]; then
  echo "No blobs_extension key yet: rerun this script later. The 5-minute sweep processes drops meanwhile." >&2
  exit 0
fi

host="$(az functionapp show -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" --query defaultHostName -o tsv)"
az eventgrid system-topic event-subscription create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$HOSPITAL_INBOX_EVENTS_TOPIC" \
  --name hospital-inbox \
  --endpoint-type webhook \
  --endpoint "https://$host/runtime/webhooks/blobs?functionName=Host.Functions.HospitalInboxBlob&code=$key" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with /blobServices/default/containers/hospital-inbox/ \
  --output none
echo "Event Grid subscription hospital-inbox -> HospitalInboxBlob is in place."
