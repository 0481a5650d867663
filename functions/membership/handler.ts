import { createHandler } from '../http/handler';
import { membershipRoutes } from './routes';

export const handler = createHandler(membershipRoutes);
