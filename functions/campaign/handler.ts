import { createHandler } from '../http/handler';
import { campaignRoutes } from './routes';

export const handler = createHandler(campaignRoutes);
