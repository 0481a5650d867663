import { createHandler } from '../http/handler';
import { referralRoutes } from './routes';

export const handler = createHandler(referralRoutes);
