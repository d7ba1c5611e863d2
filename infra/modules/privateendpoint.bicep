// One private endpoint for one sub-resource (group id) of a data service, with its private DNS zone,
// the zone's link to the VNet and the zone group that keeps the A record current. main.bicep calls
// it once per target; each target has a zone of its own (privatelink.blob…, privatelink.documents…).
param location string
param tags object

@description('Endpoint name; also names its network interface.')
param name string

@description('Resource id of the service the endpoint connects to.')
param targetId string

@description('Private link sub-resource: blob, queue, table, Sql, namespace, vault, account.')
param groupId string

param subnetId string
param virtualNetworkId string

@description('privatelink.* zone that resolves the service\'s public host name to the endpoint.')
param privateDnsZoneName string

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: privateDnsZoneName
  location: 'global'
  tags: tags
}

resource vnetLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: 'link-${last(split(virtualNetworkId, '/'))}'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: virtualNetworkId }
  }
}

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: { id: subnetId }
    customNetworkInterfaceName: 'nic-${name}'
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetId
          groupIds: [ groupId ]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: replace(privateDnsZoneName, '.', '-')
        properties: { privateDnsZoneId: zone.id }
      }
    ]
  }
}

output id string = endpoint.id
