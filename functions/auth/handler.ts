import { createHandler } from '../http/handler';
import { authRoutes } from './routes';

export const handler = createHandler(authRoutes);
