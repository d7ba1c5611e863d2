// Key Vault (RBAC authorization) holding the API token signing key. The function app reads it
// through a Key Vault reference in its app settings.
param location string
param tags object
param name string

@secure()
@minLength(32)
@description('HMAC key that signs and validates API bearer tokens (Auth:SigningKey).')
param authSigningKey string

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
    publicNetworkAccess: 'Enabled'
  }
}

resource signingKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'auth-signing-key'
  properties: {
    value: authSigningKey
    contentType: 'text/plain'
  }
}

output name string = vault.name
@description('Versionless URI: the app picks up a rotated key on its next reference refresh.')
output signingKeyUri string = signingKey.properties.secretUri
