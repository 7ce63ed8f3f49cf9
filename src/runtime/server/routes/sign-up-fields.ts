import { CognitoError } from '../cognito/cognito-client'

/** Cognito's CodeDeliveryDetails in Amplify's shape. */
export function codeDeliveryDetails(details: { Destination?: string, DeliveryMedium?: string, AttributeName?: string } | undefined) {
  return { destination: details?.Destination, deliveryMedium: details?.DeliveryMedium, attributeName: details?.AttributeName }
}

/** `{ email: 'a@b.c' }` → Cognito's `[{ Name, Value }]`; names as Cognito allows them, at most 50. */
export function cognitoAttributes(attributes: unknown): Array<{ Name: string, Value: string }> {
  if (attributes === undefined) return []
  if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) throw new CognitoError('InvalidParameterException', '`userAttributes` must be an object of strings.')
  const entries = Object.entries(attributes)
  if (entries.length > 50) throw new CognitoError('InvalidParameterException', 'Too many user attributes.')
  return entries.map(([Name, Value]) => {
    if (typeof Value !== 'string' || !/^[\w:-]{1,64}$/.test(Name)) throw new CognitoError('InvalidParameterException', '`userAttributes` must be an object of strings.')
    return { Name, Value }
  })
}
