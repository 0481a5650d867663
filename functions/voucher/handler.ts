import { createHandler } from '../http/handler';
import { voucherRoutes } from './routes';

export const handler = createHandler(voucherRoutes);
