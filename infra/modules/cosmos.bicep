// Cosmos DB for NoSQL, serverless: the state store (CosmosDocumentStore), including the hash-chained
// audit container. Keys are disabled; the app reaches it with its managed identity through a
// data-plane role (modules/rbac.bicep). With networkIsolation it answers only on its private
// endpoint (Sql; main.bicep). Control- and data-plane logs go to Log Analytics.
param location string
param tags object
param name string
param databaseName string
param networkIsolation bool
param logAnalyticsWorkspaceId string

@description('Logical containers (Containers.All in SecondOpinion.Core: the app cannot create them, its role is data-plane only), each partitioned on /pk.')
param containerNames array = [
  'cases'
  'assignments'
  'specialists'
  'hospitals'
  'escalations'
  'audit'
  'audit-heads'
  'batches'
  'patient-cases'
  'idempotency'
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: [ { name: 'EnableServerless' } ]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
    networkAclBypass: 'None'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for container in containerNames: {
    parent: database
    name: container
    properties: {
      resource: {
        id: container
        partitionKey: {
          paths: [ '/pk' ]
          kind: 'Hash'
          version: 2
        }
        indexingPolicy: {
          indexingMode: 'consistent'
          includedPaths: [ { path: '/pk/?' }, { path: '/id/?' } ]
          // Documents are read by id and listed by partition: indexing the bodies (PHI) buys nothing.
          excludedPaths: [ { path: '/*' } ]
        }
      }
    }
  }
]

// Resource-specific tables (CDBDataPlaneRequests, CDBControlPlaneRequests…), not AzureDiagnostics.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
    metrics: [ { category: 'Requests', enabled: true } ]
  }
}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
