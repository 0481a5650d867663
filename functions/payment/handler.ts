import { createHandler } from '../http/handler';
import { paymentRoutes } from './routes';

export const handler = createHandler(paymentRoutes);
