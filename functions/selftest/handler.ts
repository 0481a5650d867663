import { createHandler } from '../http/handler';
import { selftestRoutes } from './routes';

export const handler = createHandler(selftestRoutes);
