import { createHandler } from '../http/handler';
import { gatheringRoutes } from './routes';

export const handler = createHandler(gatheringRoutes);
