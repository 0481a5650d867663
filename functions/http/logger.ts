/**
 * One JSON line per entry on stdout/stderr, which CloudWatch Logs keeps as is (Logs Insights reads the fields):
 * `{"level":"INFO","message":"request","service":"ripple","timestamp":"…","route":"GET /x","status":200,"ms":12}`.
 * It replaces Powertools' Logger (≈ 30 KB per bundle, measured in docs/deploy.md) with the part we used:
 * levels, a message, extra fields and errors as {name, message, stack}. Lambda adds the request id itself.
 */
type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const RANK: Record<Level | 'SILENT', number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 };

let override: number | undefined;

/** Quiet in tests and local runs unless LOG_LEVEL says otherwise. */
function threshold(): number {
  if (override !== undefined) return override;
  const wanted = (process.env.LOG_LEVEL ?? '').toUpperCase() as Level | 'SILENT';
  if (wanted in RANK) return RANK[wanted];
  return process.env.STAGE === 'local' || process.env.VITEST ? RANK.SILENT : RANK.INFO;
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

function write(level: Level, message: string, extra?: Record<string, unknown>): void {
  if (RANK[level] < threshold()) return;
  const entry: Record<string, unknown> = { level, message, service: 'ripple', timestamp: new Date().toISOString() };
  if (process.env._X_AMZN_TRACE_ID) entry.xray_trace_id = process.env._X_AMZN_TRACE_ID.split(';')[0].replace('Root=', '');
  for (const [k, v] of Object.entries(extra ?? {})) entry[k] = serialise(v);
  const line = JSON.stringify(entry);
  if (RANK[level] >= RANK.WARN) process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

export const logger = {
  debug: (message: string, extra?: Record<string, unknown>) => write('DEBUG', message, extra),
  info: (message: string, extra?: Record<string, unknown>) => write('INFO', message, extra),
  warn: (message: string, extra?: Record<string, unknown>) => write('WARN', message, extra),
  error: (message: string, extra?: Record<string, unknown>) => write('ERROR', message, extra),
  /** For benches and scripts that run handlers in-process: overrides LOG_LEVEL from now on. */
  setLogLevel: (level: Level | 'SILENT') => {
    override = RANK[level];
  },
};
