import type { PortalPolicy } from '@quittance/db/schema/entities'

export type EffectivePortalPolicy = Required<PortalPolicy>

/**
 * What debtors may do on the portal when the entity has said nothing: everything. An administrator switches
 * actions off; a missing key (entities created before the setting existed) keeps the action on.
 */
export const DEFAULT_PORTAL_POLICY: EffectivePortalPolicy = {
  allowPartialPayments: true,
  allowPaymentPlans: true,
  allowPromises: true,
  allowDisputes: true,
}

export const PORTAL_POLICY_KEYS = Object.keys(DEFAULT_PORTAL_POLICY) as (keyof EffectivePortalPolicy)[]

export function effectivePortalPolicy(stored: PortalPolicy | null | undefined): EffectivePortalPolicy {
  return { ...DEFAULT_PORTAL_POLICY, ...Object.fromEntries(Object.entries(stored ?? {}).filter(([, v]) => typeof v === 'boolean')) }
}
