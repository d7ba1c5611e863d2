// The virtual network behind networkIsolation (main.bicep): one subnet for the Flex Consumption
// app's outbound VNet integration and one for the private endpoints of every data service
// (modules/privateendpoint.bicep). The app keeps its public HTTPS front door; everything it calls
// (Storage, Cosmos DB, Service Bus, Key Vault, Document Intelligence) is reachable only from here.
param location string
param tags object
param name string
param addressPrefix string = '10.60.0.0/16'
param appSubnetPrefix string = '10.60.0.0/24'
param privateEndpointSubnetPrefix string = '10.60.1.0/24'

// No custom rules: the defaults allow traffic inside the VNet and refuse inbound from the internet.
resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'nsg-${name}'
  location: location
  tags: tags
  properties: {
    securityRules: []
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [ addressPrefix ] }
    subnets: [
      {
        name: 'snet-app'
        properties: {
          addressPrefix: appSubnetPrefix
          networkSecurityGroup: { id: nsg.id }
          // Flex Consumption integrates through a subnet delegated to Container Apps environments
          // (the Microsoft.App resource provider must be registered in the subscription).
          delegations: [
            {
              name: 'flex-consumption'
              properties: { serviceName: 'Microsoft.App/environments' }
            }
          ]
          // Outbound to the internet stays on (explicitly, before Azure's default changes): the app
          // fetches Entra ID's OpenID metadata and keys and sends telemetry to Application Insights.
          // Attach a NAT gateway here for a fixed egress address.
          defaultOutboundAccess: true
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          networkSecurityGroup: { id: nsg.id }
          privateEndpointNetworkPolicies: 'Disabled'
          defaultOutboundAccess: false
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: 'snet-app'
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: 'snet-private-endpoints'
  }
}

output id string = vnet.id
output name string = vnet.name
output appSubnetId string = vnet::appSubnet.id
output privateEndpointSubnetId string = vnet::privateEndpointSubnet.id
