import { ulid } from 'ulidx';
import { ROLES } from '../../shared/auth/roles';
import { INSTRUMENTS, ANSWER_OPTIONS, STEM, INSTRUMENT_IDS } from '../../shared/selftest/instruments';
import { recommendationsFor } from '../../shared/selftest/recommendations';
import { ResultParamsSchema, SelftestParamsSchema, SubmitResultBodySchema, type SelftestResult } from '../../shared/selftest/schema';
import { scoreAnswers } from '../../shared/selftest/scoring';
import { deleteAllResults, deleteResult, getResult, listResults, saveResult, type StoredResult } from '../db/selftest';
import { badRequest, notFound } from '../http/errors';
import { route } from '../http/route';
import { afterSelftestCompleted } from './hooks';

function present(r: StoredResult): SelftestResult {
  return {
    id: r.id,
    instrument: r.instrument,
    score: r.score,
    band: r.band,
    crisis: r.crisis,
    recommendations: recommendationsFor(r.band, r.crisis),
    createdAt: r.createdAt,
  };
}

export const selftestRoutes = [
  route({
    method: 'GET',
    path: '/selftests',
    auth: ROLES,
    handle: async () => ({
      status: 200,
      body: {
        items: INSTRUMENT_IDS.map((id) => {
          const i = INSTRUMENTS[id];
          return { id, name: i.name, title: i.title, subtitle: i.subtitle, minutes: i.minutes, itemCount: i.items.length };
        }),
      },
    }),
  }),

  route({
    method: 'GET',
    path: '/selftests/{id}',
    auth: ROLES,
    params: SelftestParamsSchema,
    handle: async ({ params }) => {
      const i = INSTRUMENTS[params.id];
      return {
        status: 200,
        body: { id: i.id, name: i.name, title: i.title, stem: STEM, items: i.items, options: ANSWER_OPTIONS, citation: i.citation },
      };
    },
  }),

  route({
    method: 'POST',
    path: '/selftests/{id}/results',
    auth: ROLES,
    params: SelftestParamsSchema,
    body: SubmitResultBodySchema,
    handle: async ({ params, body, caller }) => {
      const expected = INSTRUMENTS[params.id].items.length;
      if (body.answers.length !== expected) throw badRequest('answers', `exactly ${expected} answers are needed for ${params.id}`);
      const stored: StoredResult = {
        id: ulid(),
        ...scoreAnswers(params.id, body.answers),
        answers: body.answers,
        createdAt: new Date().toISOString(),
      };
      await saveResult(caller.id, stored);
      await afterSelftestCompleted(caller.id, stored);
      return { status: 201, body: present(stored) };
    },
  }),

  route({
    method: 'GET',
    path: '/me/selftests',
    auth: ROLES,
    handle: async ({ caller }) => ({ status: 200, body: { items: (await listResults(caller.id)).map(present) } }),
  }),

  route({
    method: 'GET',
    path: '/me/selftests/export',
    auth: ROLES,
    // The client's own copy of everything they answered: a download, with the answers themselves.
    handle: async ({ caller }) => {
      const items = (await listResults(caller.id)).map((r) => ({ ...present(r), answers: r.answers }));
      return {
        status: 200,
        headers: { 'content-disposition': 'attachment; filename="ripple-selftests.json"' },
        body: { exportedAt: new Date().toISOString(), items },
      };
    },
  }),

  route({
    method: 'GET',
    path: '/me/selftests/{resultId}',
    auth: ROLES,
    params: ResultParamsSchema,
    handle: async ({ caller, params }) => {
      const r = await getResult(caller.id, params.resultId);
      if (!r) throw notFound('result');
      return { status: 200, body: present(r) };
    },
  }),

  route({
    method: 'DELETE',
    path: '/me/selftests/{resultId}',
    auth: ROLES,
    params: ResultParamsSchema,
    handle: async ({ caller, params }) => {
      if (!(await deleteResult(caller.id, params.resultId))) throw notFound('result');
      return { status: 204 };
    },
  }),

  route({
    method: 'DELETE',
    path: '/me/selftests',
    auth: ROLES,
    handle: async ({ caller }) => ({ status: 200, body: { deleted: await deleteAllResults(caller.id) } }),
  }),
];
