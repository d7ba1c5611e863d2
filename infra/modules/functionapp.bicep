// Flex Consumption function app (Linux, .NET 10 isolated) with a system-assigned identity. Every
// dependency is reached with that identity (roles in modules/rbac.bicep); the app holds no secret.
// Callers present Entra ID access tokens for the API app registration: the app validates them itself
// (ASP.NET Core JwtBearer against the Auth__* settings below) whether or not App Service
// Authentication ("Easy Auth", enableAppServiceAuthentication) also checks them in front. With
// networkIsolation the app's outbound traffic joins the VNet (virtualNetworkSubnetId), so it reaches
// its deployment package, task hub and data services on their private endpoints; its HTTPS front
// door stays public. Function logs and metrics also go to Log Analytics.
param location string
param tags object

@description('azd environment name: names this deployment as the source of its events.')
param environmentName string

param planName string
param appName string
param storageAccountName string
param storageBlobEndpoint string
param storageQueueEndpoint string
param deploymentContainerName string
param applicationInsightsConnectionString string
param logAnalyticsWorkspaceId string
param cosmosEndpoint string
param cosmosDatabaseName string
param serviceBusNamespace string
param serviceBusTopicName string
param documentIntelligenceEndpoint string

@description('lexicon or text-analytics-for-health (Facts__Engine).')
param clinicalFactEngine string

@description('The Language resource endpoint for Text Analytics for health; empty with the lexicon engine.')
param languageEndpoint string
param taskHubName string

@description('Subnet (delegated to Microsoft.App/environments) for VNet integration; empty for none.')
param virtualNetworkSubnetId string = ''

@description('Entra ID tenant that issues the API tokens.')
param entraTenantId string

@description('Application (client) id of the API app registration.')
param apiClientId string

@description('Audiences the API accepts (comma-separated in Auth__Audience).')
param apiAudiences array

@description('Also put App Service Authentication in front of the app (401 without a valid token).')
param enableAppServiceAuthentication bool

@description('Key Vault whose secrets app settings may reference (the SMTP password).')
param keyVaultName string

@description('E-mail notifications: the SMTP server (empty host: no e-mail, notifications are listed in the app only), the sender, the role mailboxes, the portal address links point to (empty: this app), and the name of the Key Vault secret holding the SMTP password (empty: none).')
param notifications {
  smtpHost: string
  smtpPort: int
  smtpSecurity: 'None' | 'StartTls' | 'SslOnConnect'
  smtpUser: string
  smtpPasswordSecretName: string
  from: string
  directorMailbox: string
  opsMailbox: string
  linkBaseUrl: string
}

@description('The medical directors who may sign reports: their Entra object id (the token subject), and the name and credentials the report prints.')
param medicalDirectors { subject: string, name: string, credentials: string }[] = []

// SignOff__Directors__{i}__…: the configuration binder reads an indexed section as a list.
var medicalDirectorSettings = reduce(range(0, length(medicalDirectors)), {}, (settings, i) => union(settings, {
  'SignOff__Directors__${i}__Subject': medicalDirectors[i].subject
  'SignOff__Directors__${i}__Name': medicalDirectors[i].name
  'SignOff__Directors__${i}__Credentials': medicalDirectors[i].credentials
}))

param maximumInstanceCount int = 40
param instanceMemoryMB int = 2048

// v2.0 issuer: the app registration must issue v2 access tokens (requestedAccessTokenVersion 2).
var authority = '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'

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
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
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
    properties: union({
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
      // CloudEvents source: tells this deployment's events from other environments'.
      Events__Source: 'urn:secondopinion:${environmentName}'

      // New cases start on this orchestration version; it must match host.json's durableTask.defaultVersion.
      Workflow__Version: '3.1'

      // Scanned records are read by Document Intelligence, by identity (no key).
      Ocr__Provider: 'document-intelligence'
      Ocr__DocumentIntelligence__Endpoint: documentIntelligenceEndpoint

      // Clinical facts: the local lexicon, or Text Analytics for health by identity (no key).
      Facts__Engine: clinicalFactEngine

      // Entra ID bearer tokens (BearerAuthentication): issuer and keys from the authority's OpenID
      // metadata; the caller is its object id, its one role an app role of the API registration.
      Auth__Authority: authority
      Auth__Audience: join(apiAudiences, ',')
      Auth__SubjectClaim: 'oid'
      Auth__RoleClaim: 'roles'

      // Notifications (README, Notifications): e-mail over SMTP, links into the portal, role mailboxes.
      Notifications__LinkBaseUrl: empty(notifications.linkBaseUrl) ? 'https://${app.properties.defaultHostName}/' : notifications.linkBaseUrl
      Notifications__RoleMailboxes__director: notifications.directorMailbox
      Notifications__RoleMailboxes__ops: notifications.opsMailbox
      Notifications__Smtp__Host: notifications.smtpHost
      Notifications__Smtp__Port: string(notifications.smtpPort)
      Notifications__Smtp__Security: notifications.smtpSecurity
      Notifications__Smtp__User: notifications.smtpUser
    }, medicalDirectorSettings, empty(languageEndpoint) ? {} : {
      Facts__TextAnalyticsForHealth__Endpoint: languageEndpoint
    }, empty(notifications.from) ? {} : {
      Notifications__Smtp__From: notifications.from
    }, empty(notifications.smtpPasswordSecretName) ? {} : {
      // Resolved by the platform with the app's identity: the password is never in an app setting or in this template.
      Notifications__Smtp__Password: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${notifications.smtpPasswordSecretName})'
    })
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

// Easy Auth in front (optional): refuses requests without a valid token for this API before they
// reach the worker. The app still validates every token itself (JwtBearer), so turning this off
// never opens the API. No client secret: the API only validates bearer tokens, it signs no one in.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = if (enableAppServiceAuthentication) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      // Health probes are anonymous; the Event Grid blob webhook carries the blobs_extension key
      // (infra/scripts/subscribe-hospital-inbox.sh), not an Entra ID token.
      excludedPaths: [
        '/api/health'
        '/api/health/ready'
        '/runtime/webhooks/blobs'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiClientId
          openIdIssuer: authority
        }
        validation: {
          allowedAudiences: apiAudiences
        }
      }
    }
    login: {
      tokenStore: { enabled: false }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}

// Function host and platform logs (FunctionAppLogs…) next to the data services' audit logs.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: app
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
    metrics: [ { category: 'AllMetrics', enabled: true } ]
  }
}

output id string = app.id
output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output principalId string = app.identity.principalId
