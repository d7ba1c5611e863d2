// Azure AI Language (Cognitive Services kind TextAnalytics): Text Analytics for health, the cloud
// fact engine (TextAnalyticsForHealthEngine; Facts__Engine=text-analytics-for-health). Deployed
// only when that engine is chosen (main.bicep, clinicalFactEngine). Keys are disabled; the app calls
// it with its managed identity, which needs the custom subdomain endpoint and the role granted in
// modules/rbac.bicep. With networkIsolation it answers only on its private endpoint (account;
// main.bicep). Audit and request logs (no record text: the app also sends loggingOptOut) and
// metrics go to Log Analytics.
param location string
param tags object
param networkIsolation bool
param logAnalyticsWorkspaceId string

@minLength(2)
@maxLength(64)
@description('Account name, also its custom subdomain (globally unique): https://{name}.cognitiveservices…/.')
param name string

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'TextAnalytics'
  // Text Analytics for health's web API is offered on the Standard tier.
  sku: { name: 'S' }
  properties: {
    // Entra ID tokens are only accepted on the custom subdomain endpoint, not the regional one;
    // the private endpoint also resolves only that name.
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: networkIsolation ? 'Deny' : 'Allow' }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
    metrics: [ { category: 'AllMetrics', enabled: true } ]
  }
}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.endpoint
