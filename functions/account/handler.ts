import { createHandler } from '../http/handler';
import { accountRoutes } from './routes';

export const handler = createHandler(accountRoutes);
