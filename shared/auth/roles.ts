export const ROLES = ['client', 'counselor', 'marketer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Staff roles reach back-office routes; admin may do whatever a marketer may. */
export function roleAllows(actual: Role, allowed: readonly Role[]): boolean {
  if (allowed.includes(actual)) return true;
  return actual === 'admin' && allowed.includes('marketer');
}
