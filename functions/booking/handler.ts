import { createHandler } from '../http/handler';
import { bookingRoutes } from './routes';

export const handler = createHandler(bookingRoutes);
