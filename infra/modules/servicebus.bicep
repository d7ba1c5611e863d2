// Service Bus namespace with the integration-events topic case-events (ServiceBusEventPublisher).
// SAS keys off: identities only. Duplicate detection drops a re-sent event (same MessageId) inside
// the window, so a retried activity does not publish twice. Private endpoints need the Premium tier:
// with networkIsolation the namespace is Premium and answers only on its private endpoint
// (namespace; main.bicep); without it, Standard. Changing tier on an existing namespace is a
// Service Bus migration, not an in-place update; likewise duplicate detection is fixed when a topic
// is created (an older case-events topic without it must be deleted first). Logs and metrics go
// to Log Analytics.
param location string
param tags object
param name string
param topicName string
param networkIsolation bool
param logAnalyticsWorkspaceId string

@description('How long Service Bus remembers a MessageId to drop duplicates (ISO 8601 duration).')
param duplicateDetectionWindow string = 'PT1H'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: networkIsolation
    ? {
        name: 'Premium'
        tier: 'Premium'
        capacity: 1
      }
    : {
        name: 'Standard'
        tier: 'Standard'
      }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
  }
}

// The namespace's firewall agrees with publicNetworkAccess: nothing from outside the private endpoint.
resource networkRules 'Microsoft.ServiceBus/namespaces/networkRuleSets@2024-01-01' = if (networkIsolation) {
  parent: namespace
  name: 'default'
  properties: {
    publicNetworkAccess: 'Disabled'
    defaultAction: 'Deny'
    trustedServiceAccessEnabled: false
    ipRules: []
    virtualNetworkRules: []
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    defaultMessageTimeToLive: 'P14D'
    maxSizeInMegabytes: 1024
    supportOrdering: true
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
    metrics: [ { category: 'AllMetrics', enabled: true } ]
  }
}

output id string = namespace.id
output name string = namespace.name
output topicName string = topic.name
// https://{namespace}.servicebus…:443/ → the host name the SDK wants as "fully qualified namespace".
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
