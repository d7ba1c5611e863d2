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

// Views name their partition and page on body.sortKey (keyset), some filtered on one body field:
// only those paths are indexed. Everything else is a point read by id or a listing by partition.
@description('A container: its name, the body paths its queries filter or order on, extra composite indexes, and its default TTL in seconds (absent: documents never expire).')
type containerDefinition = {
  name: string
  indexedPaths: string[]?
  compositeIndexes: { path: string, order: 'ascending' | 'descending' }[][]?
  defaultTtl: int?
}

@description('Mirrors Containers.All in SecondOpinion.Infrastructure (same containers, same order): the app cannot create them, its role is data-plane only. Each is partitioned on /pk; documents are { id, pk, body }.')
param containerDefinitions containerDefinition[] = [
  { name: 'cases' }
  // Board views ("open", "closed-yyyy-MM"), by due time, optionally one stage.
  { name: 'case-board', indexedPaths: [ '/body/stage/?', '/body/sortKey/?' ] }
  { name: 'patient-cases' }
  // A patient's or a referring hospital's own cases ("patient:{subject}", "hospital:{id}"), newest first.
  { name: 'cases-by-party', indexedPaths: [ '/body/sortKey/?' ] }
  // Client retries come within days: keys expire after 7 (Containers.IdempotencyKeyLifetime).
  { name: 'idempotency', defaultTtl: 604800 }
  { name: 'assignments' }
  // "{specialist}:active" and "{specialist}:closed-yyyy-MM": one status at a time, by offer time either
  // way (ORDER BY status, sortKey): the composites serve the sort (as CosmosDocumentStore declares them locally).
  {
    name: 'specialist-assignments'
    indexedPaths: [ '/body/status/?', '/body/sortKey/?' ]
    compositeIndexes: [
      [ { path: '/body/status', order: 'ascending' }, { path: '/body/sortKey', order: 'ascending' } ]
      [ { path: '/body/status', order: 'descending' }, { path: '/body/sortKey', order: 'descending' } ]
    ]
  }
  { name: 'specialists' }
  { name: 'hospitals' }
  { name: 'escalations' }
  { name: 'escalations-open', indexedPaths: [ '/body/sortKey/?' ] }
  { name: 'audit' }
  { name: 'audit-heads' }
  { name: 'batches' }
  { name: 'batches-open', indexedPaths: [ '/body/sortKey/?' ] }
  // A case's notifications (ops), oldest first; a recipient's in-app list, newest first; the
  // undelivered ones by next attempt (the dispatcher's work list).
  { name: 'notifications', indexedPaths: [ '/body/sortKey/?' ] }
  { name: 'notifications-by-recipient', indexedPaths: [ '/body/sortKey/?' ] }
  { name: 'notifications-pending', indexedPaths: [ '/body/sortKey/?' ] }
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
  for container in containerDefinitions: {
    parent: database
    name: container.name
    properties: {
      resource: {
        id: container.name
        partitionKey: {
          paths: [ '/pk' ]
          kind: 'Hash'
          version: 2
        }
        indexingPolicy: {
          indexingMode: 'consistent'
          includedPaths: map(concat([ '/pk/?' ], container.?indexedPaths ?? []), path => { path: path })
          // Bodies hold patient data and no query looks past their indexedPaths: the rest is not indexed.
          excludedPaths: [ { path: '/*' } ]
          compositeIndexes: container.?compositeIndexes ?? []
        }
        // Only where a lifetime is given; without the property TTL is off.
        ...(container.?defaultTtl == null ? {} : { defaultTtl: container.defaultTtl! })
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
