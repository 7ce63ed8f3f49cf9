// Cognito's DeviceType, as GetDevice and ListDevices answer it (and Amplify's fetchDevices reads it):
// dates in epoch seconds, attributes as { Name, Value } with `device_name` and
// `dev:device_remembered_status` among them.
export interface DeviceRecord {
  key: string
  remembered: boolean
  name?: string
  created: number
  modified: number
  lastAuthenticated?: number
}

const seconds = (ms: number) => Math.floor(ms / 1000)

export function deviceView(device: DeviceRecord): Record<string, unknown> {
  const attributes = [
    { Name: 'device_status', Value: 'valid' },
    { Name: 'dev:device_remembered_status', Value: device.remembered ? 'remembered' : 'not_remembered' },
    ...(device.name ? [{ Name: 'device_name', Value: device.name }] : []),
  ]
  return {
    DeviceKey: device.key,
    DeviceAttributes: attributes,
    DeviceCreateDate: seconds(device.created),
    DeviceLastModifiedDate: seconds(device.modified),
    ...(device.lastAuthenticated !== undefined && { DeviceLastAuthenticatedDate: seconds(device.lastAuthenticated) }),
  }
}
