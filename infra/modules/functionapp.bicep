// Flex Consumption function app (Linux, .NET 10 isolated) with a system-assigned identity. Every
// dependency is reached with that identity; the only secret (the token signing key) is a Key Vault
// reference. Roles are granted in modules/rbac.bicep.
param location string
param tags object
param planName string
param appName string
param storageAccountName string
param storageBlobEndpoint string
param storageQueueEndpoint string
param deploymentContainerName string
param applicationInsightsConnectionString string
param cosmosEndpoint string
param cosmosDatabaseName string
param serviceBusNamespace string
param serviceBusTopicName string
param signingKeyUri string
param documentIntelligenceEndpoint string
param taskHubName string
param maximumInstanceCount int = 40
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  // azd finds the service to deploy by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Functions host storage and the Durable task hub, by identity.
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      TaskHubName: taskHubName
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'

      // The "Storage" connection of the hospital-inbox blob trigger, by identity.
      Storage__blobServiceUri: storageBlobEndpoint
      Storage__queueServiceUri: storageQueueEndpoint
      Storage__credential: 'managedidentity'
      // The application's Blob/Queue clients (CloudAdapters.UseCloudAdaptersFromConfiguration).
      Storage__AccountUrl: storageBlobEndpoint
      Storage__QueueUrl: storageQueueEndpoint

      State__Provider: 'cosmos'
      State__CosmosEndpoint: cosmosEndpoint
      State__CosmosDatabase: cosmosDatabaseName

      Events__Provider: 'servicebus'
      Events__ServiceBusNamespace: serviceBusNamespace
      Events__Topic: serviceBusTopicName

      // Scanned records are read by Document Intelligence, by identity (no key).
      Ocr__Provider: 'document-intelligence'
      Ocr__DocumentIntelligence__Endpoint: documentIntelligenceEndpoint

      Auth__Issuer: 'secondopinion'
      Auth__Audience: 'secondopinion-api'
      Auth__SigningKey: '@Microsoft.KeyVault(SecretUri=${signingKeyUri})'
    }
  }
}

// No publishing with user names and passwords: deployments go through Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output principalId string = app.identity.principalId
