import { createHandler } from '../http/handler';
import { courseRoutes } from './routes';

export const handler = createHandler(courseRoutes);
