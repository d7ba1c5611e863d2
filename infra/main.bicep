// SecondOpinion on Azure: one resource group with the function app (Flex Consumption), its storage
// (records, reports, hospital inbox, task hub), Cosmos DB (state), Service Bus (events out), Key Vault
// (token signing key), Document Intelligence (OCR of scanned records) and monitoring. Deployed with
// `azd up`; checked offline by infra/validate.sh.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; part of every resource name.')
param environmentName string

@minLength(1)
@description('Region for every resource (one that offers Flex Consumption).')
@metadata({ azd: { type: 'location' } })
param location string

@secure()
@minLength(32)
@description('HMAC key for API bearer tokens; stored in Key Vault only (set by infra/scripts/ensure-signing-key.sh).')
param authSigningKey string

@description('Durable Functions task hub name.')
param taskHubName string = 'SecondOpinion'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, application: 'secondopinion' }
var appName = 'func-so-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'
var cosmosDatabaseName = 'secondopinion'
var eventsTopicName = 'case-events'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-so-${resourceToken}'
    applicationInsightsName: 'appi-so-${resourceToken}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'stso${resourceToken}'
    deploymentContainerName: deploymentContainerName
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'cosmos-so-${resourceToken}'
    databaseName: cosmosDatabaseName
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'sb-so-${resourceToken}'
    topicName: eventsTopicName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'kv-so-${resourceToken}'
    authSigningKey: authSigningKey
  }
}

module documentIntelligence 'modules/documentintelligence.bicep' = {
  name: 'documentintelligence'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'di-so-${resourceToken}'
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    location: location
    tags: tags
    planName: 'plan-so-${resourceToken}'
    appName: appName
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    serviceBusTopicName: serviceBus.outputs.topicName
    signingKeyUri: keyVault.outputs.signingKeyUri
    documentIntelligenceEndpoint: documentIntelligence.outputs.endpoint
    taskHubName: taskHubName
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    cosmosAccountName: cosmos.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusTopicName: serviceBus.outputs.topicName
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    documentIntelligenceName: documentIntelligence.outputs.name
  }
}

// Read by azd and by the hooks in infra/scripts/.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output HOSPITAL_INBOX_EVENTS_TOPIC string = storage.outputs.eventsSystemTopicName
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT string = documentIntelligence.outputs.endpoint
