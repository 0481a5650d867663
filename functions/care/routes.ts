import { CarePolicySchema } from '../../shared/care/crisis-pause';
import { getCarePolicy, putCarePolicy } from '../db/settings';
import { route } from '../http/route';

/** The care capability: how the practice looks after people (the crisis pause; later CSAT, complaints, consent). */
export const careRoutes = [
  route({
    method: 'GET',
    path: '/admin/settings/care',
    auth: ['admin'],
    handle: async () => ({ status: 200, body: await getCarePolicy() }),
  }),

  route({
    method: 'PUT',
    path: '/admin/settings/care',
    // Admins only, never marketers: the pause protects people in crisis from being sold to.
    auth: ['admin'],
    body: CarePolicySchema,
    handle: async ({ body, caller }) => ({ status: 200, body: await putCarePolicy(body, caller.id) }),
  }),
];
