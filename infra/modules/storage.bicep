// The storage account: Functions host state and task hub (tables, queues, blobs), the deployment
// package, and the application's blob containers (records, reports, hospital-inbox, quarantine).
// Shared keys off: identities and user-delegation SAS only. With networkIsolation the account
// answers only on its private endpoints (blob, queue, table; main.bicep); the Flex Consumption app
// reaches its deployment package and task hub through its VNet integration. Hospitals upload
// batches straight to hospital-inbox with a SAS, so under networkIsolation they need either private
// connectivity to the VNet or their egress addresses in hospitalUploadIpRanges (the account's
// firewall then admits those addresses, still with a SAS or a token, and nothing else). Blob, queue and table data-plane logs and
// transaction metrics go to Log Analytics (diagnostic settings live on the service sub-resources).
param location string
param tags object
param name string
param deploymentContainerName string
param networkIsolation bool
param logAnalyticsWorkspaceId string

@description('Public IPv4 addresses or CIDR ranges admitted through the firewall under networkIsolation (hospital uploads).')
param hospitalUploadIpRanges array = []

@description('Application containers (BlobLayout in SecondOpinion.Core): each gets its own role assignment in modules/rbac.bicep.')
param applicationContainers array = [
  'records'
  'reports'
  'hospital-inbox'
  'quarantine'
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: networkIsolation && empty(hospitalUploadIpRanges) ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: networkIsolation ? 'Deny' : 'Allow'
      bypass: networkIsolation ? 'None' : 'AzureServices'
      ipRules: networkIsolation ? map(hospitalUploadIpRanges, range => { value: range, action: 'Allow' }) : []
    }
    dnsEndpointType: 'Standard'
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: { enabled: true, keyType: 'Account' }
        file: { enabled: true, keyType: 'Account' }
        queue: { enabled: true, keyType: 'Account' }
        table: { enabled: true, keyType: 'Account' }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    // Medical records: nothing is lost to a mistaken delete or overwrite.
    isVersioningEnabled: true
    deleteRetentionPolicy: { enabled: true, days: 30 }
    containerDeleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {}
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {}
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in concat(applicationContainers, [deploymentContainerName]): {
    parent: blobService
    name: container
    properties: { publicAccess: 'None' }
  }
]

// The account itself emits metrics only; the logs (who read or wrote which blob, queue message or
// task-hub row, by identity and address) come from each service.
resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    metrics: [ { category: 'Transaction', enabled: true } ]
  }
}

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
    metrics: [ { category: 'Transaction', enabled: true } ]
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
    metrics: [ { category: 'Transaction', enabled: true } ]
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
    metrics: [ { category: 'Transaction', enabled: true } ]
  }
}

// Blob events for the hospital-inbox trigger (Flex Consumption runs the Event Grid blob trigger).
// The subscription needs the deployed app's blobs_extension key: infra/scripts/subscribe-hospital-inbox.sh.
// Event Grid takes the events from the storage service itself (networkIsolation does not stop them) and
// delivers them to the app's public HTTPS endpoint.
resource blobEvents 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: '${name}-events'
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output applicationContainers array = applicationContainers
output eventsSystemTopicName string = blobEvents.name
