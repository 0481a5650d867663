import type { Variant } from './blocks';

/**
 * A visitor's variant is a pure function of (campaign, visitor): the same visitor always sees the same
 * content, on any device that carries the same visitor id, with no write needed to remember it.
 */
export function chooseVariant<V extends Pick<Variant, 'id' | 'weight'>>(variants: readonly V[], campaignId: string, visitorId: string): V | undefined {
  const live = variants.filter((v) => v.weight > 0);
  const total = live.reduce((s, v) => s + v.weight, 0);
  if (!total) return undefined;
  // Salting with the campaign id keeps one visitor's buckets independent across campaigns.
  let point = unitInterval(`${campaignId}:${visitorId}`) * total;
  for (const v of live) {
    if (point < v.weight) return v;
    point -= v.weight;
  }
  return live[live.length - 1];
}

/** FNV-1a (32 bit) of the string, mapped to [0, 1). Fast, stable across platforms, well spread for short ids. */
export function unitInterval(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // One extra avalanche round (murmur3's finaliser): FNV alone leaves the low bits of similar ids correlated.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
