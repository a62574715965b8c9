/**
 * The server's configuration: environment variables, validated at boot. Every bad variable is reported at
 * once, by name; secrets are marked so that nothing prints them.
 */
import path from 'node:path';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const milliseconds = (name: string, fallback: number, min: number) =>
  z.coerce
    .number({ error: `${name} must be a number of milliseconds` })
    .int({ error: `${name} must be a whole number of milliseconds` })
    .min(min, { error: `${name} must be at least ${min} ms` })
    .default(fallback);

/** `sqlite:PATH` (a file, created if missing) or `postgres://user@host:port/db`. */
export type DatabaseTarget =
  { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema?: string };

export function parseDatabaseUrl(value: string): DatabaseTarget | string {
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    if (file === '') return 'DATABASE_URL sqlite: needs a file path, e.g. sqlite:data/fleetmedic.sqlite';
    return { kind: 'sqlite', path: file };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      const url = new URL(value);
      const schema = url.searchParams.get('schema') ?? undefined;
      return schema === undefined
        ? { kind: 'postgres', url: value }
        : { kind: 'postgres', url: value, schema };
    } catch {
      return 'DATABASE_URL is not a valid postgres:// URL';
    }
  }
  return 'DATABASE_URL must start with sqlite: (e.g. sqlite:data/fleetmedic.sqlite) or postgres://';
}

export const environmentSchema = z.object({
  PORT: z.coerce
    .number({ error: 'PORT must be a number' })
    .int({ error: 'PORT must be a whole number' })
    .min(0, { error: 'PORT must be between 0 and 65535' })
    .max(65535, { error: 'PORT must be between 0 and 65535' })
    .default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .default('sqlite:data/fleetmedic.sqlite')
    .transform((value, ctx) => {
      const target = parseDatabaseUrl(value);
      if (typeof target === 'string') {
        ctx.addIssue({ code: 'custom', message: target });
        return z.NEVER;
      }
      return target;
    }),
  FLEETMEDIC_ENROLL_SECRET: z
    .string()
    .min(16, { error: 'FLEETMEDIC_ENROLL_SECRET must be at least 16 characters' })
    .optional(),
  FLEETMEDIC_ADMIN_PASSWORD: z
    .string()
    .min(12, { error: 'FLEETMEDIC_ADMIN_PASSWORD must be at least 12 characters' })
    .max(256, { error: 'FLEETMEDIC_ADMIN_PASSWORD must be at most 256 characters' })
    .optional(),
  FLEETMEDIC_BOOTSTRAP_TOKEN: z
    .string()
    .min(24, { error: 'FLEETMEDIC_BOOTSTRAP_TOKEN must be at least 24 characters' })
    .max(256, { error: 'FLEETMEDIC_BOOTSTRAP_TOKEN must be at most 256 characters' })
    .regex(/^[\x21-\x7e]+$/, { error: 'FLEETMEDIC_BOOTSTRAP_TOKEN must be printable ASCII without spaces' })
    .optional(),
  FLEETMEDIC_SESSION_TTL_MS: milliseconds('FLEETMEDIC_SESSION_TTL_MS', 12 * 60 * 60_000, 60_000),
  FLEETMEDIC_LOGIN_MAX_FAILURES: z.coerce
    .number({ error: 'FLEETMEDIC_LOGIN_MAX_FAILURES must be a number' })
    .int({ error: 'FLEETMEDIC_LOGIN_MAX_FAILURES must be a whole number' })
    .min(1, { error: 'FLEETMEDIC_LOGIN_MAX_FAILURES must be at least 1' })
    .default(10),
  FLEETMEDIC_ENROLL_MAX_FAILURES: z.coerce
    .number({ error: 'FLEETMEDIC_ENROLL_MAX_FAILURES must be a number' })
    .int({ error: 'FLEETMEDIC_ENROLL_MAX_FAILURES must be a whole number' })
    .min(1, { error: 'FLEETMEDIC_ENROLL_MAX_FAILURES must be at least 1' })
    .default(20),
  FLEETMEDIC_DASHBOARD_ORIGINS: z
    .string()
    .transform((value, ctx) => {
      const origins = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      for (const origin of origins) {
        let parsed: URL | undefined;
        try {
          parsed = new URL(origin);
        } catch {
          parsed = undefined;
        }
        if (!parsed || parsed.origin !== origin) {
          ctx.addIssue({
            code: 'custom',
            message: `FLEETMEDIC_DASHBOARD_ORIGINS: ${origin} is not an origin such as https://fleetmedic.example`,
          });
          return z.NEVER;
        }
      }
      return origins;
    })
    .optional(),
  FLEETMEDIC_DATA_DIR: z.string().min(1).default('data'),
  FLEETMEDIC_DASHBOARD_DIR: z.string().min(1).optional(),
  FLEETMEDIC_PUBLIC_URL: z
    .url({ error: 'FLEETMEDIC_PUBLIC_URL must be a URL such as https://fleetmedic.example' })
    .optional(),
  FLEETMEDIC_HEARTBEAT_INTERVAL_MS: milliseconds('FLEETMEDIC_HEARTBEAT_INTERVAL_MS', 15_000, 500),
  FLEETMEDIC_FLEET_SAMPLE_INTERVAL_MS: milliseconds('FLEETMEDIC_FLEET_SAMPLE_INTERVAL_MS', 10_000, 100),
  FLEETMEDIC_INGEST_FLUSH_MS: milliseconds('FLEETMEDIC_INGEST_FLUSH_MS', 20, 0),
  FLEETMEDIC_INCIDENT_MIN_HOSTS: z.coerce
    .number({ error: 'FLEETMEDIC_INCIDENT_MIN_HOSTS must be a number' })
    .int({ error: 'FLEETMEDIC_INCIDENT_MIN_HOSTS must be a whole number' })
    .min(1, { error: 'FLEETMEDIC_INCIDENT_MIN_HOSTS must be at least 1' })
    .default(2),
  FLEETMEDIC_INCIDENT_MIN_HOSTS_KNOWN_ISSUE: z.coerce
    .number({ error: 'FLEETMEDIC_INCIDENT_MIN_HOSTS_KNOWN_ISSUE must be a number' })
    .int({ error: 'FLEETMEDIC_INCIDENT_MIN_HOSTS_KNOWN_ISSUE must be a whole number' })
    .min(1, { error: 'FLEETMEDIC_INCIDENT_MIN_HOSTS_KNOWN_ISSUE must be at least 1' })
    .default(1),
  FLEETMEDIC_INCIDENT_WINDOW_MS: milliseconds('FLEETMEDIC_INCIDENT_WINDOW_MS', 15 * 60_000, 1000),
  FLEETMEDIC_INCIDENT_SETTLE_MS: milliseconds('FLEETMEDIC_INCIDENT_SETTLE_MS', 5 * 60_000, 0),
  FLEETMEDIC_INCIDENT_REOPEN_MS: milliseconds('FLEETMEDIC_INCIDENT_REOPEN_MS', 60 * 60_000, 0),
  FLEETMEDIC_MAX_CONNECTIONS: z.coerce
    .number({ error: 'FLEETMEDIC_MAX_CONNECTIONS must be a number' })
    .int({ error: 'FLEETMEDIC_MAX_CONNECTIONS must be a whole number' })
    .min(1, { error: 'FLEETMEDIC_MAX_CONNECTIONS must be at least 1' })
    .default(15_000),
  FLEETMEDIC_ALERT_GROUP_WAIT_MS: milliseconds('FLEETMEDIC_ALERT_GROUP_WAIT_MS', 5_000, 0),
  FLEETMEDIC_ALERT_GROUP_INTERVAL_MS: milliseconds('FLEETMEDIC_ALERT_GROUP_INTERVAL_MS', 60_000, 0),
  FLEETMEDIC_ALERT_REPEAT_INTERVAL_MS: milliseconds(
    'FLEETMEDIC_ALERT_REPEAT_INTERVAL_MS',
    4 * 60 * 60_000,
    0,
  ),
  FLEETMEDIC_ALERT_MAX_ATTEMPTS: z.coerce
    .number({ error: 'FLEETMEDIC_ALERT_MAX_ATTEMPTS must be a number' })
    .int({ error: 'FLEETMEDIC_ALERT_MAX_ATTEMPTS must be a whole number' })
    .min(1, { error: 'FLEETMEDIC_ALERT_MAX_ATTEMPTS must be between 1 and 100' })
    .max(100, { error: 'FLEETMEDIC_ALERT_MAX_ATTEMPTS must be between 1 and 100' })
    .default(10),
  FLEETMEDIC_ALERT_RETRY_BASE_MS: milliseconds('FLEETMEDIC_ALERT_RETRY_BASE_MS', 1_000, 10),
  FLEETMEDIC_ALERT_RETRY_MAX_MS: milliseconds('FLEETMEDIC_ALERT_RETRY_MAX_MS', 5 * 60_000, 10),
  FLEETMEDIC_ALERT_TIMEOUT_MS: milliseconds('FLEETMEDIC_ALERT_TIMEOUT_MS', 10_000, 100),
  FLEETMEDIC_ALERT_ALLOW_HTTP: z
    .enum(['true', 'false', '1', '0'], { error: 'FLEETMEDIC_ALERT_ALLOW_HTTP must be true or false' })
    .transform((value) => value === 'true' || value === '1')
    .default(false),
  FLEETMEDIC_ALERT_ALLOWED_HOSTS: z
    .string()
    .transform((value, ctx) => {
      const hosts = value
        .split(',')
        .map((item) => item.trim().toLowerCase())
        .filter(Boolean);
      for (const host of hosts) {
        if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(host)) {
          ctx.addIssue({
            code: 'custom',
            message: `FLEETMEDIC_ALERT_ALLOWED_HOSTS: ${host} is not a host or host:port such as relay.corp.example:8443`,
          });
          return z.NEVER;
        }
      }
      return hosts;
    })
    .optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
});

export type Environment = z.input<typeof environmentSchema>;

export interface ServerConfig {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** The enrollment secret from the environment; when absent one is generated under `dataDir`. */
  enrollSecret: string | undefined;
  dataDir: string;
  auth: {
    /** Creates the `admin` user at first start. */
    adminPassword: string | undefined;
    /** An admin API token with this value, for automation and first setup. */
    bootstrapToken: string | undefined;
    /** A dashboard session ends after this long without use (and after 7 days whatever happens). */
    sessionTtlMs: number;
    /** Failed logins per user name and address (five times as many per address) in 15 minutes. */
    loginMaxFailures: number;
    /** Failed enrollments per address in 15 minutes. */
    enrollMaxFailures: number;
    /** Other origins a dashboard may be served from (CORS); the server's own needs no entry. */
    dashboardOrigins: string[];
  };
  dashboardDir: string;
  publicUrl: string | undefined;
  heartbeatIntervalMs: number;
  /** A host whose agent has not been heard from for this long is offline even if its socket seems open. */
  offlineAfterMs: number;
  fleetSampleIntervalMs: number;
  ingestFlushMs: number;
  incidents: {
    minHosts: number;
    minHostsKnownIssue: number;
    windowMs: number;
    settleMs: number;
    reopenMs: number;
  };
  /** Chat alerts: grouping like Alertmanager's, delivery through the outbox, where webhooks may point. */
  alerts: {
    /** An incident's news goes out once it has had no news for this long (its burst settled). */
    groupWaitMs: number;
    /** At least this long between two messages about one incident on one channel; news waits at most this long. */
    groupIntervalMs: number;
    /** A reminder after this long without a message while the incident is open and unacknowledged; 0: never. */
    repeatIntervalMs: number;
    /** Attempts per message before it becomes a dead letter. */
    maxAttempts: number;
    /** First retry delay; it doubles per attempt up to retryMaxMs, with jitter. */
    retryBaseMs: number;
    retryMaxMs: number;
    /** One webhook request's time limit. */
    requestTimeoutMs: number;
    /** Allow http:// webhook URLs (https only otherwise). */
    allowHttp: boolean;
    /** Hosts (or host:port) a webhook may point to even though their address is private or loopback. */
    allowedHosts: string[];
  };
  /** socket.io connections (agents and dashboards) this process accepts at once. */
  maxConnections: number;
  logLevel: (typeof LOG_LEVELS)[number];
}

export const DEFAULT_DASHBOARD_DIR = path.resolve(__dirname, '../../../dashboard/dist');
