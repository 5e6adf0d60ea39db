export const STAFF_ROLES = ['admin', 'credit_manager', 'collector', 'sales', 'auditor'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export const PERMISSIONS = [
  'read:customers',
  'write:customers',
  'write:payments',
  /** Send money back to a debtor through the provider that took it: more than lettering, so fewer roles. */
  'refund:payments',
  'write:credit-notes',
  'write:write-offs',
  'run:imports',
  'read:outbox',
  'read:audit',
  'manage:settings',
  'manage:users',
  /** Create, edit and publish reminder scenarios, change the engine's settings, run it on demand. */
  'manage:scenarios',
  /** Work the reminder worklist: calls, manual steps, approvals, deliveries to reconcile. */
  'work:tasks',
] as const
export type Permission = (typeof PERMISSIONS)[number]

// Sales and auditors read; only the roles that collect change anything. Sales see only the customers they own,
// which the queries enforce (see customerVisibility), not this table.
const GRANTS: Record<StaffRole, readonly Permission[]> = {
  admin: PERMISSIONS,
  credit_manager: [
    'read:customers',
    'write:customers',
    'write:payments',
    'refund:payments',
    'write:credit-notes',
    'write:write-offs',
    'run:imports',
    'read:outbox',
    'manage:scenarios',
    'work:tasks',
  ],
  collector: ['read:customers', 'write:customers', 'write:payments', 'read:outbox', 'work:tasks'],
  sales: ['read:customers'],
  auditor: ['read:customers', 'read:outbox', 'read:audit'],
}

export function can(role: StaffRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission)
}

export function permissionsOf(role: StaffRole): readonly Permission[] {
  return GRANTS[role]
}

export type CustomerVisibility = { kind: 'all' } | { kind: 'owned-by'; staffUserId: string }

/** Which customers a staff member may see at all: every one, or only those they own (sales). */
export function customerVisibility(staff: { id: string; role: StaffRole }): CustomerVisibility {
  return staff.role === 'sales' ? { kind: 'owned-by', staffUserId: staff.id } : { kind: 'all' }
}
