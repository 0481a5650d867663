import * as z from 'zod/mini';
import { freeText } from '../text';
import { INSTRUMENT_IDS } from './instruments';

export const InstrumentIdSchema = z.enum(INSTRUMENT_IDS);

export const SelftestParamsSchema = z.object({ id: InstrumentIdSchema });

export const AnswerSchema = z.number().check(z.int('answer must be an integer'), z.gte(0), z.lte(3));

/** Length is checked per instrument by `answersSchemaFor`, so the 400 names `answers`. */
export const SubmitResultBodySchema = z.object({
  answers: z.array(AnswerSchema).check(z.minLength(1)),
});

export function answersSchemaFor(itemCount: number) {
  return z.object({
    answers: z.array(AnswerSchema).check(z.length(itemCount, `exactly ${itemCount} answers are needed`)),
  });
}

export const BandSchema = z.enum(['minimal', 'mild', 'moderate', 'moderately_severe', 'severe']);

export const RecommendationSchema = z.object({
  kind: z.enum(['crisis', 'reading', 'course', 'consult']),
  title: z.string(),
  description: z.string(),
  target: z.string(),
});

export const SelftestResultSchema = z.object({
  id: z.string(),
  instrument: InstrumentIdSchema,
  score: z.number().check(z.int()),
  band: BandSchema,
  crisis: z.boolean(),
  recommendations: z.array(RecommendationSchema),
  createdAt: z.string(),
});
export type SelftestResult = z.infer<typeof SelftestResultSchema>;

export const ResultParamsSchema = z.object({ resultId: freeText({ max: 64 }) });
