// Data-plane roles for the function app's managed identity, each on the narrowest scope that works.
//
// Storage. One identity serves both the Functions host (AzureWebJobsStorage: host locks and keys,
// the Durable task hub, the Flex deployment package) and the application, so blob access is split
// by container rather than by identity:
// - application containers (records, reports, hospital-inbox, quarantine): Storage Blob Data
//   Contributor on each container, nothing account-wide;
// - host containers: Storage Blob Data Owner at account scope (as the Functions host requires for
//   AzureWebJobsStorage, whose containers it creates at run time), limited by a role assignment
//   condition to containers named azure-webjobs-* (host), {task hub}-* (Durable leases and large
//   messages) and the deployment container. The condition applies to every blob data action but
//   "find blobs by tags", which has no container attribute (no blob here carries tags);
// - Storage Blob Delegator at account scope: the app issues hospitals user-delegation SAS for
//   hospital-inbox/{hospitalId}/{batchId}/; a SAS can never grant more than the container role.
// Queues and tables stay account-wide (Queue and Table Data Contributor) for the Durable task hub,
// whose control and work-item queues and history/instances tables appear at run time. Scoping
// still possible: a queue condition on queue names ({task hub}-*, webjobs-blobtrigger-poison), or
// creating the task hub tables here and granting the table role on each; not done, because a
// missed name stalls every orchestration.
//
// Cosmos DB: built-in Data Contributor on the account (data-plane RBAC, not Azure RBAC). Service
// Bus: Data Sender on the case-events topic only. Application Insights: Monitoring Metrics
// Publisher (local auth off). Document Intelligence, and the Language account when Text Analytics for
// health is the fact engine: Cognitive Services User on each account. Key Vault: Secrets User
// only when an app setting references a secret (the SMTP password), on the vault (the secret is
// created after the first deployment, so it cannot be the scope).
param principalId string
param storageAccountName string
param applicationContainers array
param deploymentContainerName string
param taskHubName string
param cosmosAccountName string
param serviceBusNamespaceName string
param serviceBusTopicName string
param applicationInsightsName string
param documentIntelligenceName string

@description('The Language account (Text Analytics for health); empty when the lexicon engine is used.')
param languageAccountName string
param keyVaultName string

@description('Whether an app setting references a Key Vault secret (the SMTP password).')
param readKeyVaultSecrets bool

// Built-in role definition ids (stable across clouds).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  cognitiveServicesUser: 'a97b65f3-24c7-4388-baec-2e87135dc908'
}
// Cosmos DB data-plane role (sqlRoleDefinitions), not an Azure RBAC role.
var cosmosBuiltInDataContributor = '00000000-0000-0000-0000-000000000002'

// Every blob data action of Storage Blob Data Owner that carries the container name attribute.
var blobDataActions = [
  'read'
  'write'
  'add/action'
  'delete'
  'deleteBlobVersion/action'
  'permanentDelete/action'
  'move/action'
  'tags/read'
  'tags/write'
  'immutableStorage/runAsSuperUser/action'
  'runAsSuperUser/action'
  'modifyPermissions/action'
  'manageOwnership/action'
]
var containerNameAttribute = '@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]'
var hostContainerCondition = join(
  [
    '${containerNameAttribute} StringStartsWith \'azure-webjobs-\''
    '${containerNameAttribute} StringStartsWith \'${toLower(taskHubName)}-\''
    '${containerNameAttribute} StringEquals \'${deploymentContainerName}\''
  ],
  ' OR '
)
var notABlobDataAction = join(
  map(blobDataActions, action => '!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/${action}\'})'),
  ' AND '
)
// ABAC format: "((not one of these actions) OR (container matches))".
var hostContainersOnly = '((${notABlobDataAction}) OR (${hostContainerCondition}))'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }
}

resource applicationContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = [
  for container in applicationContainers: {
    parent: storage::blobService
    name: container
  }
]

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: cosmosAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName

  resource topic 'topics' existing = {
    name: serviceBusTopicName
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource documentIntelligence 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: documentIntelligenceName
}

resource language 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = if (!empty(languageAccountName)) {
  name: languageAccountName
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

// Same name as the former unconditioned assignment, so a redeployment narrows it in place.
resource hostBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    description: 'Functions host and Durable task hub containers only (condition).'
    condition: hostContainersOnly
    conditionVersion: '2.0'
  }
}

resource applicationBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (container, i) in applicationContainers: {
    name: guid(applicationContainer[i].id, principalId, roles.storageBlobDataContributor)
    scope: applicationContainer[i]
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    }
  }
]

// User delegation keys are requested from the blob service, so this role cannot sit on a container.
resource blobDelegator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roles.storageBlobDelegator)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDelegator)
  }
}

// Queues and tables: the Durable Functions task hub (Azure Storage provider) and the host.
resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
  }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roles.storageTableDataContributor)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
  }
}

resource cosmosDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: cosmos
  name: guid(cosmos.id, principalId, cosmosBuiltInDataContributor)
  properties: {
    principalId: principalId
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosBuiltInDataContributor}'
    scope: cosmos.id
  }
}

// Send only, and only to the one topic.
resource topicSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::topic.id, principalId, roles.serviceBusDataSender)
  scope: serviceBus::topic
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}

// Application Insights with local auth off accepts telemetry from identities holding this role.
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

// Document Intelligence with local auth off: analyze and poll results with an Entra ID token.
resource cognitiveServicesUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(documentIntelligence.id, principalId, roles.cognitiveServicesUser)
  scope: documentIntelligence
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesUser)
  }
}

// Text Analytics for health jobs (submit, poll) with an Entra ID token; the account's local auth is off.
resource languageUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(languageAccountName)) {
  name: guid(language.id, principalId, roles.cognitiveServicesUser)
  scope: language
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesUser)
  }
}

// Key Vault references in app settings (the SMTP password) are read with the app's identity.
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (readKeyVaultSecrets) {
  name: guid(keyVault.id, principalId, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}
