import { Logger } from '@aws-lambda-powertools/logger';

/** Quiet in tests and local runs unless LOG_LEVEL says otherwise. */
export const logger = new Logger({
  serviceName: 'ripple',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? (process.env.STAGE === 'local' || process.env.VITEST ? 'SILENT' : 'INFO'),
});
