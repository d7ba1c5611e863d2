// Key Vault (RBAC authorization, soft delete and purge protection). API tokens come from Entra ID
// and every dependency is reached by managed identity; the one secret it may hold is the SMTP
// password of notifications, which the app reads through a Key Vault reference app setting (and the
// Key Vault Secrets User role that modules/rbac.bicep grants when a secret name is given). With networkIsolation it answers only on its
// private endpoint (vault; main.bicep). Audit logs (every data-plane access) go to Log Analytics.
param location string
param tags object
param name string
param networkIsolation bool
param logAnalyticsWorkspaceId string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: networkIsolation ? 'Deny' : 'Allow'
      bypass: networkIsolation ? 'None' : 'AzureServices'
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [ { categoryGroup: 'audit', enabled: true } ]
    metrics: [ { category: 'AllMetrics', enabled: true } ]
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
