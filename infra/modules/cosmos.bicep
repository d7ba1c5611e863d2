// Cosmos DB for NoSQL, serverless: the state store (CosmosDocumentStore). Keys are disabled; the
// app reaches it with its managed identity through a data-plane role (modules/rbac.bicep).
param location string
param tags object
param name string
param databaseName string

@description('Logical containers (Containers in SecondOpinion.Core), each partitioned on /pk.')
param containerNames array = [
  'cases'
  'assignments'
  'specialists'
  'hospitals'
  'escalations'
  'audit'
  'batches'
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
    publicNetworkAccess: 'Enabled'
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

output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
