import { describe, expect, test } from 'vitest'
import { can, customerVisibility, PERMISSIONS, STAFF_ROLES, type Permission, type StaffRole } from './permissions'

const WRITES: Permission[] = [
  'write:customers',
  'write:payments',
  'refund:payments',
  'write:credit-notes',
  'write:write-offs',
  'run:imports',
  'manage:settings',
  'manage:users',
  'manage:scenarios',
  'work:tasks',
]

describe('staff permissions', () => {
  test.each(STAFF_ROLES)('every role may read customers: %s', (role) => {
    expect(can(role, 'read:customers')).toBe(true)
  })

  test.each(['sales', 'auditor'] as StaffRole[])('%s can change nothing', (role) => {
    expect(WRITES.filter((permission) => can(role, permission))).toEqual([])
  })

  test.each([
    { role: 'admin', permission: 'manage:settings', expected: true },
    { role: 'credit_manager', permission: 'manage:settings', expected: false },
    { role: 'collector', permission: 'manage:settings', expected: false },
    { role: 'collector', permission: 'write:payments', expected: true },
    { role: 'collector', permission: 'refund:payments', expected: false },
    { role: 'credit_manager', permission: 'refund:payments', expected: true },
    { role: 'collector', permission: 'write:write-offs', expected: false },
    { role: 'collector', permission: 'run:imports', expected: false },
    { role: 'credit_manager', permission: 'run:imports', expected: true },
    { role: 'credit_manager', permission: 'read:audit', expected: false },
    { role: 'auditor', permission: 'read:audit', expected: true },
    { role: 'sales', permission: 'read:outbox', expected: false },
    { role: 'credit_manager', permission: 'manage:scenarios', expected: true },
    { role: 'collector', permission: 'manage:scenarios', expected: false },
    { role: 'collector', permission: 'work:tasks', expected: true },
    { role: 'credit_manager', permission: 'work:tasks', expected: true },
    { role: 'auditor', permission: 'work:tasks', expected: false },
  ] as { role: StaffRole; permission: Permission; expected: boolean }[])(
    '$role → $permission: $expected',
    ({ role, permission, expected }) => {
      expect(can(role, permission)).toBe(expected)
    },
  )

  test('admins hold every permission', () => {
    expect(PERMISSIONS.every((permission) => can('admin', permission))).toBe(true)
  })

  test.each([
    { role: 'sales', expected: { kind: 'owned-by', staffUserId: 'u1' } },
    { role: 'auditor', expected: { kind: 'all' } },
    { role: 'collector', expected: { kind: 'all' } },
  ] as { role: StaffRole; expected: unknown }[])('$role sees $expected', ({ role, expected }) => {
    expect(customerVisibility({ id: 'u1', role })).toEqual(expected)
  })
})
