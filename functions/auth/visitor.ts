import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { config } from '../config';

/**
 * Visitor ids are issued by the server, never invented by a client: `v` + 16 random bytes + a 16-byte HMAC of
 * them (base64url, 45 characters — it fits every existing visitor-id field, `[A-Za-z0-9_-]{8,64}`, where a JWS would
 * not). Page views and invite opens carry one; an id this server did not sign is refused, so made-up ids cannot
 * inflate the funnel or grow the table. The key is derived from JWT_SECRET, so no new secret is to be deployed.
 */
const RANDOM_BYTES = 16;
const SIG_BYTES = 16;
const ENCODED = 'v'.length + 22 + 22;

const sign = (random: string) => createHmac('sha256', config.jwtSecret()).update(`ripple-visitor:${random}`).digest().subarray(0, SIG_BYTES);

export function issueVisitorId(): string {
  const random = randomBytes(RANDOM_BYTES).toString('base64url');
  return `v${random}${sign(random).toString('base64url')}`;
}

export function isIssuedVisitorId(id: string | undefined): id is string {
  if (typeof id !== 'string' || id.length !== ENCODED || id[0] !== 'v') return false;
  const random = id.slice(1, 23);
  const given = Buffer.from(id.slice(23), 'base64url');
  return given.length === SIG_BYTES && timingSafeEqual(given, sign(random));
}
