// SecondOpinion on Azure: one resource group with the function app (Flex Consumption), its storage
// (records, reports, hospital inbox, quarantine, task hub), Cosmos DB (state and the audit trail),
// Service Bus (events out), Key Vault (the SMTP password for notifications, when there is one), Document Intelligence
// (OCR of scanned records), Azure AI Language (Text Analytics for health, when it is the fact engine) and monitoring, which every resource sends its diagnostic logs to.
// The patient portal (Blazor WebAssembly) is a Static Web App; with portalBackendLink its /api/* is
// the function app's, on the portal's own origin.
// Callers authenticate with Entra ID: access tokens for the API app registration (apiClientId),
// with app roles patient, hospital, specialist, director, ops. With networkIsolation (the default)
// every data service is reachable only on private endpoints in the VNet the app integrates with.
// Deployed with `azd up`; checked offline by infra/validate.sh.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; part of every resource name.')
param environmentName string

@minLength(1)
@description('Region for every resource (one that offers Flex Consumption).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Durable Functions task hub name.')
param taskHubName string = 'SecondOpinion'

@description('Entra ID tenant that issues the API\'s access tokens.')
param entraTenantId string = tenant().tenantId

@minLength(36)
@maxLength(36)
@description('Application (client) id of the API app registration (azd env AZURE_API_CLIENT_ID).')
param apiClientId string

@description('App ID URI of the API (the registration\'s "Application ID URI"). Tokens whose audience is this or the client id are accepted.')
param apiAudience string = 'api://${apiClientId}'

@description('Also put App Service Authentication (Easy Auth) in front of the app. The app validates tokens itself either way.')
param enableAppServiceAuthentication bool = false

@description('Private endpoints for every data service, public network access off, app VNet-integrated. Service Bus is Premium when on.')
param networkIsolation bool = true

@description('Under networkIsolation: hospitals\' public egress addresses (IPv4 or CIDR) that may upload to hospital-inbox with their SAS. Empty: the storage account has no public endpoint at all.')
param hospitalUploadIpRanges array = []

@description('Notifications by e-mail: the SMTP relay, or Azure Communication Services\' SMTP endpoint. Empty: no e-mail, notifications are recorded and listed in the app only.')
param notificationSmtpHost string = ''

@description('SMTP port (587 with StartTls, 465 with SslOnConnect).')
param notificationSmtpPort int = 587

@description('How the SMTP connection is protected.')
@allowed([ 'StartTls', 'SslOnConnect', 'None' ])
param notificationSmtpSecurity string = 'StartTls'

@description('SMTP user name; empty: the relay takes mail without signing in.')
param notificationSmtpUser string = ''

@description('Name of the secret in this deployment\'s Key Vault that holds the SMTP password (the app reads it through a Key Vault reference; create the secret after the first deployment). Empty: no password.')
param notificationSmtpPasswordSecretName string = ''

@description('The sender of every notification, such as "SecondOpinion <notifications@example.org>" (with Azure Communication Services: an address of a verified domain).')
param notificationFrom string = ''

@description('E-mail address of the medical director\'s mailbox (sign-off requests); empty: in the app only.')
param notificationDirectorMailbox string = ''

@description('E-mail address of the operations mailbox (escalations); empty: in the app only.')
param notificationOpsMailbox string = ''

@description('The portal address that links in notifications point to; empty: the portal\'s Static Web App.')
param notificationLinkBaseUrl string = ''

@description('The engine that finds clinical facts in records: the local lexicon, or Azure AI Language Text Analytics for health (a Language resource is then deployed and the app calls it with its identity).')
@allowed([ 'lexicon', 'text-analytics-for-health' ])
param clinicalFactEngine string = 'lexicon'

@description('Region of the portal\'s Static Web App, one that offers Static Web Apps (westus2, centralus, eastus2, westeurope, eastasia); empty: location. Its static files are served from the global edge either way.')
param portalLocation string = ''

@description('Application (client) id of the portal\'s app registration (single-page application, authorization code with PKCE). Not a secret; written into the published appsettings.json. Empty until it is registered.')
param portalClientId string = ''

@description('The API scope the portal asks for (a scope the API registration exposes).')
param portalApiScope string = '${apiAudience}/user_impersonation'

@description('Link the function app to the portal as its /api backend. Off until the API reads the portal\'s token from a header Static Web Apps leaves alone and App Service Authentication keeps direct callers in (README, Portal in Azure).')
param portalBackendLink bool = false

@description('The medical directors who may sign reports (Entra object id, name and credentials as the report prints them). None: no report can be signed until they are set.')
param medicalDirectors { subject: string, name: string, credentials: string }[] = []

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, application: 'secondopinion' }
var appName = 'func-so-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'
var cosmosDatabaseName = 'secondopinion'
var eventsTopicName = 'case-events'
var useTextAnalyticsForHealth = clinicalFactEngine == 'text-analytics-for-health'
// v2 access tokens carry the client id as audience, v1 tokens the App ID URI: accept both.
var apiAudiences = union([apiClientId], [apiAudience])

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

module network 'modules/network.bicep' = if (networkIsolation) {
  name: 'network'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'vnet-so-${resourceToken}'
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
    networkIsolation: networkIsolation
    hospitalUploadIpRanges: hospitalUploadIpRanges
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
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
    networkIsolation: networkIsolation
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
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
    networkIsolation: networkIsolation
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'kv-so-${resourceToken}'
    networkIsolation: networkIsolation
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module documentIntelligence 'modules/documentintelligence.bicep' = {
  name: 'documentintelligence'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'di-so-${resourceToken}'
    networkIsolation: networkIsolation
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module language 'modules/language.bicep' = if (useTextAnalyticsForHealth) {
  name: 'language'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'lang-so-${resourceToken}'
    networkIsolation: networkIsolation
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

// One private endpoint per data-plane host name the app calls. Zone names follow each service's
// public host (privatelink.blob.core.windows.net, privatelink.documents.azure.com, …) in any cloud.
var privateEndpointTargets = {
  blob: {
    id: storage.outputs.id
    groupId: 'blob'
    zone: privateLinkZone(storage.outputs.blobEndpoint)
  }
  queue: {
    id: storage.outputs.id
    groupId: 'queue'
    zone: privateLinkZone(storage.outputs.queueEndpoint)
  }
  table: {
    id: storage.outputs.id
    groupId: 'table'
    zone: privateLinkZone(storage.outputs.tableEndpoint)
  }
  cosmos: {
    id: cosmos.outputs.id
    groupId: 'Sql'
    zone: privateLinkZone(cosmos.outputs.endpoint)
  }
  servicebus: {
    id: serviceBus.outputs.id
    groupId: 'namespace'
    zone: privateLinkZone(serviceBus.outputs.fullyQualifiedNamespace)
  }
  // Key Vault's private zone is "vaultcore", not the "vault" of its public host name.
  keyvault: {
    id: keyVault.outputs.id
    groupId: 'vault'
    zone: replace(privateLinkZone(keyVault.outputs.uri), 'privatelink.vault.', 'privatelink.vaultcore.')
  }
  documentintelligence: {
    id: documentIntelligence.outputs.id
    groupId: 'account'
    zone: privateLinkZone(documentIntelligence.outputs.endpoint)
  }
}

module privateEndpoints 'modules/privateendpoint.bicep' = [
  for target in ['blob', 'queue', 'table', 'cosmos', 'servicebus', 'keyvault', 'documentintelligence']: if (networkIsolation) {
    name: 'pe-${target}'
    scope: rg
    params: {
      location: location
      tags: tags
      name: 'pe-so-${target}-${resourceToken}'
      targetId: privateEndpointTargets[target].id
      groupId: privateEndpointTargets[target].groupId
      privateDnsZoneName: privateEndpointTargets[target].zone
      subnetId: network!.outputs.privateEndpointSubnetId
      virtualNetworkId: network!.outputs.id
    }
  }
]

// The Language account shares Document Intelligence's zone (privatelink.cognitiveservices…): after
// that endpoint, so the zone and its VNet link are not written by two deployments at once.
module languagePrivateEndpoint 'modules/privateendpoint.bicep' = if (networkIsolation && useTextAnalyticsForHealth) {
  name: 'pe-language'
  scope: rg
  dependsOn: [ privateEndpoints ]
  params: {
    location: location
    tags: tags
    name: 'pe-so-language-${resourceToken}'
    targetId: language!.outputs.id
    groupId: 'account'
    privateDnsZoneName: privateLinkZone(language!.outputs.endpoint)
    subnetId: network!.outputs.privateEndpointSubnetId
    virtualNetworkId: network!.outputs.id
  }
}

// Before the function app: notification links point at the portal's address.
module portal 'modules/portal.bicep' = {
  name: 'portal'
  scope: rg
  params: {
    location: empty(portalLocation) ? location : portalLocation
    tags: tags
    name: 'stapp-so-${resourceToken}'
  }
}

// After the private endpoints (when any): with public access off, the app's first start needs them.
module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  dependsOn: [ privateEndpoints, languagePrivateEndpoint ]
  params: {
    location: location
    tags: tags
    environmentName: environmentName
    planName: 'plan-so-${resourceToken}'
    appName: appName
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    serviceBusTopicName: serviceBus.outputs.topicName
    documentIntelligenceEndpoint: documentIntelligence.outputs.endpoint
    clinicalFactEngine: clinicalFactEngine
    languageEndpoint: useTextAnalyticsForHealth ? language!.outputs.endpoint : ''
    taskHubName: taskHubName
    virtualNetworkSubnetId: networkIsolation ? network!.outputs.appSubnetId : ''
    entraTenantId: entraTenantId
    apiClientId: apiClientId
    apiAudiences: apiAudiences
    enableAppServiceAuthentication: enableAppServiceAuthentication
    keyVaultName: keyVault.outputs.name
    medicalDirectors: medicalDirectors
    notifications: {
      smtpHost: notificationSmtpHost
      smtpPort: notificationSmtpPort
      smtpSecurity: notificationSmtpSecurity
      smtpUser: notificationSmtpUser
      smtpPasswordSecretName: notificationSmtpPasswordSecretName
      from: notificationFrom
      directorMailbox: notificationDirectorMailbox
      opsMailbox: notificationOpsMailbox
      linkBaseUrl: empty(notificationLinkBaseUrl) ? 'https://${portal.outputs.defaultHostName}/' : notificationLinkBaseUrl
    }
  }
}

// Same origin: the portal calls /api/* on its own host and Static Web Apps proxies it to the app, so
// the app needs no CORS rule for the portal (and has none: no browser origin may call it directly).
// The link reaches the app on its public HTTPS front door, which networkIsolation leaves public
// (only its outbound traffic and the data services are private); an app behind a private endpoint
// could not be linked this way.
module portalBackend 'modules/portal-backend.bicep' = if (portalBackendLink) {
  name: 'portal-backend'
  scope: rg
  params: {
    staticSiteName: portal.outputs.name
    backendResourceId: functionApp.outputs.id
    backendLocation: location
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    applicationContainers: storage.outputs.applicationContainers
    deploymentContainerName: deploymentContainerName
    taskHubName: taskHubName
    cosmosAccountName: cosmos.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusTopicName: serviceBus.outputs.topicName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    documentIntelligenceName: documentIntelligence.outputs.name
    languageAccountName: useTextAnalyticsForHealth ? language!.outputs.name : ''
    keyVaultName: keyVault.outputs.name
    readKeyVaultSecrets: !empty(notificationSmtpPasswordSecretName)
  }
}

// 'https://host.suffix:443/' or 'host.suffix' → 'privatelink.suffix'.
func privateLinkZone(endpoint string) string =>
  'privatelink.${join(skip(split(split(split(replace(endpoint, 'https://', ''), '/')[0], ':')[0], '.'), 1), '.')}'

// Read by azd and by the hooks in infra/scripts/.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_API_CLIENT_ID string = apiClientId
output AZURE_API_AUDIENCE string = apiAudience
output AZURE_API_AUTHORITY string = '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output HOSPITAL_INBOX_EVENTS_TOPIC string = storage.outputs.eventsSystemTopicName
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT string = documentIntelligence.outputs.endpoint
output AZURE_LANGUAGE_ENDPOINT string = useTextAnalyticsForHealth ? language!.outputs.endpoint : ''
output AZURE_NETWORK_ISOLATION bool = networkIsolation
output SERVICE_PORTAL_NAME string = portal.outputs.name
output SERVICE_PORTAL_URI string = 'https://${portal.outputs.defaultHostName}'
output PORTAL_BACKEND_LINKED bool = portalBackendLink
// The portal's published wwwroot/appsettings.json (infra/scripts/portal-settings.sh writes it).
output PORTAL_AUTH_AUTHORITY string = '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
output PORTAL_AUTH_CLIENT_ID string = portalClientId
output PORTAL_AUTH_API_SCOPE string = portalApiScope
