// Azure AI Document Intelligence (Cognitive Services kind FormRecognizer): OCR of scanned records
// (DocumentIntelligenceOcrEngine). Keys are disabled; the app calls it with its managed identity,
// which needs the custom subdomain endpoint and the role granted in modules/rbac.bicep.
param location string
param tags object

@minLength(2)
@maxLength(64)
@description('Account name, also its custom subdomain (globally unique): https://{name}.cognitiveservices…/.')
param name string

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'FormRecognizer'
  sku: { name: 'S0' }
  properties: {
    // Entra ID tokens are only accepted on the custom subdomain endpoint, not the regional one.
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow' }
  }
}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.endpoint
