/** Published and within its dates. */
export function isLive(c: { status: string; startsAt: string; endsAt: string }, now: Date): boolean {
  const t = now.getTime();
  return c.status === 'published' && Date.parse(c.startsAt) <= t && t < Date.parse(c.endsAt);
}
