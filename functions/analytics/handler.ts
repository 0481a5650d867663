import { createHandler } from '../http/handler';
import { analyticsRoutes } from './routes';

/** The marketer's dashboard API; the stream consumer that keeps its counters is `stream.ts`. */
export const handler = createHandler(analyticsRoutes);
