// Links the function app to the portal's Static Web App: requests for /api/* on the portal's host are
// proxied to the same path on the app, so the portal calls its API on its own origin (no CORS).
// Separate from modules/portal.bicep so the portal exists before the function app (whose
// notification links point at the portal) and is linked after it.
//
// What linking does to the function app (Static Web Apps "bring your own functions"):
// - It adds an "Azure Static Web Apps (Linked)" identity provider to the app's App Service
//   Authentication. Without another provider configured there, the portal gets exclusive access and
//   the app refuses direct callers (hospital systems, the Event Grid blob webhook, health probes).
// - Static Web Apps sets its own Authorization header on proxied requests: the Entra ID bearer token
//   the portal sends does not reach the app's JwtBearer validation through this route.
// Both are why main.bicep links only when portalBackendLink is on (README, Portal in Azure).
param staticSiteName string

@description('Resource id of the function app to link.')
param backendResourceId string

@description('Region of the function app.')
param backendLocation string

resource portal 'Microsoft.Web/staticSites@2024-04-01' existing = {
  name: staticSiteName
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: portal
  name: 'api'
  properties: {
    backendResourceId: backendResourceId
    region: backendLocation
  }
}
