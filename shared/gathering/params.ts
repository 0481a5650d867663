import * as z from 'zod/mini';

/** A gathering's id in a path (kept apart from the gathering schemas so other Lambdas can use it cheaply). */
export const GATHERING_ID = /^[0-9A-Z]{26}$/;
export const GatheringParamsSchema = z.object({ id: z.string().check(z.regex(GATHERING_ID, 'not a gathering id')) });
