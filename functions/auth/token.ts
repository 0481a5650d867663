import { SignJWT, jwtVerify } from 'jose';
import { ROLES, type Role } from '../../shared/auth/roles';
import type { Caller } from '../http/route';
import { config } from '../config';

const ISSUER = 'ripple';
const key = () => new TextEncoder().encode(config.jwtSecret());

export async function signToken(user: Caller): Promise<string> {
  return new SignJWT({ name: user.name, role: user.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime('30d')
    .sign(key());
}

export async function verifyToken(token: string): Promise<Caller> {
  const { payload } = await jwtVerify(token, key(), { issuer: ISSUER, algorithms: ['HS256'] });
  const role = payload.role as Role;
  if (!payload.sub || !ROLES.includes(role) || typeof payload.name !== 'string') throw new Error('bad claims');
  return { id: payload.sub, name: payload.name, role };
}
