/**
 * Structured JSON logs (pino) to stdout, where the kubelet collects them. Secrets must never reach a
 * log line, and a log call site should not have to remember that: any field named like a secret
 * (a Secret's `data`, a password, a token, a license) is censored wherever it sits in the logged
 * object, up to a few levels deep, because the objects a controller logs are Kubernetes objects and
 * errors, whose secrets sit at `obj.data`, `obj.spec.license`, `err.details.token` and the like.
 */
import { pino, type DestinationStream, type Logger, type LevelWithSilentOrString } from 'pino';

export type { Logger } from 'pino';

/** Field names whose values are never logged. */
export const REDACTED_FIELDS = ['password', 'token', 'license', 'data', 'stringData', 'authorization'] as const;

/** How deep below the top of a log call's object the fields above are still found. */
const REDACT_DEPTH = 5;

/** `password`, `*.password`, `*.*.password`, ... for each redacted field name. */
export function redactPaths(fields: readonly string[] = REDACTED_FIELDS, depth = REDACT_DEPTH): string[] {
  const paths: string[] = [];
  for (const field of fields) {
    for (let level = 0; level < depth; level++) paths.push(`${'*.'.repeat(level)}${field}`);
  }
  return paths;
}

export interface LoggerOptions {
  /** @default process.env.LOG_LEVEL, else 'info' */
  level?: LevelWithSilentOrString;
  /** Bound to every line as `name` (e.g. the component). */
  name?: string;
  /** Where lines go. @default stdout */
  destination?: DestinationStream;
  /** More field names to censor, on top of REDACTED_FIELDS. */
  redact?: string[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const config = {
    level,
    ...(options.name ? { name: options.name } : {}),
    redact: { paths: redactPaths([...REDACTED_FIELDS, ...(options.redact ?? [])]), censor: '[REDACTED]' },
    // ISO times read better than epoch milliseconds in `kubectl logs`.
    timestamp: pino.stdTimeFunctions.isoTime,
    // `level: "info"` instead of `level: 30`.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** A logger that writes nothing: the default of components given none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
