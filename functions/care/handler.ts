import { createHandler } from '../http/handler';
import { careRoutes } from './routes';

export const handler = createHandler(careRoutes);
