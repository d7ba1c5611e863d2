// The patient portal (portal/SecondOpinion.Portal, Blazor WebAssembly) as an Azure Static Web App.
// Standard: the Free plan cannot link a backend (modules/portal-backend.bicep). The site holds
// static files only; sign-in is the portal's own (authorization code with PKCE against Entra ID),
// not Static Web Apps' built-in authentication, so no identity provider and no secret live here.
// Headers, CSP and the SPA fallback come from the published staticwebapp.config.json.
param location string
param tags object
param name string

resource portal 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  // azd deploys the "portal" service (host: staticwebapp) to the resource with this tag.
  tags: union(tags, { 'azd-service-name': 'portal' })
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // Deployed by azd (the SWA CLI), not by a GitHub or Azure DevOps workflow Azure would create.
    provider: 'Custom'
    // No preview environments: backend links do not apply to them and each is another public copy.
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
    enterpriseGradeCdnStatus: 'Disabled'
  }
}

output name string = portal.name
output defaultHostName string = portal.properties.defaultHostname
