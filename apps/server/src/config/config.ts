/** Loading the configuration once, at boot, failing fast with every problem named. */
import { formatIssuePath } from '@fleetmedic/protocol';
import { DEFAULT_DASHBOARD_DIR, environmentSchema, type ServerConfig } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(defined);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = formatIssuePath(issue.path);
        return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  const vars = parsed.data;
  return {
    port: vars.PORT,
    host: vars.HOST,
    database: vars.DATABASE_URL,
    enrollSecret: vars.FLEETMEDIC_ENROLL_SECRET,
    dataDir: vars.FLEETMEDIC_DATA_DIR,
    auth: {
      adminPassword: vars.FLEETMEDIC_ADMIN_PASSWORD,
      bootstrapToken: vars.FLEETMEDIC_BOOTSTRAP_TOKEN,
      sessionTtlMs: vars.FLEETMEDIC_SESSION_TTL_MS,
      loginMaxFailures: vars.FLEETMEDIC_LOGIN_MAX_FAILURES,
      enrollMaxFailures: vars.FLEETMEDIC_ENROLL_MAX_FAILURES,
      dashboardOrigins: vars.FLEETMEDIC_DASHBOARD_ORIGINS ?? [],
    },
    dashboardDir: vars.FLEETMEDIC_DASHBOARD_DIR ?? DEFAULT_DASHBOARD_DIR,
    publicUrl: vars.FLEETMEDIC_PUBLIC_URL,
    heartbeatIntervalMs: vars.FLEETMEDIC_HEARTBEAT_INTERVAL_MS,
    offlineAfterMs: vars.FLEETMEDIC_HEARTBEAT_INTERVAL_MS * 3,
    fleetSampleIntervalMs: vars.FLEETMEDIC_FLEET_SAMPLE_INTERVAL_MS,
    ingestFlushMs: vars.FLEETMEDIC_INGEST_FLUSH_MS,
    maxConnections: vars.FLEETMEDIC_MAX_CONNECTIONS,
    incidents: {
      minHosts: vars.FLEETMEDIC_INCIDENT_MIN_HOSTS,
      minHostsKnownIssue: vars.FLEETMEDIC_INCIDENT_MIN_HOSTS_KNOWN_ISSUE,
      windowMs: vars.FLEETMEDIC_INCIDENT_WINDOW_MS,
      settleMs: vars.FLEETMEDIC_INCIDENT_SETTLE_MS,
      reopenMs: vars.FLEETMEDIC_INCIDENT_REOPEN_MS,
    },
    alerts: {
      groupWaitMs: vars.FLEETMEDIC_ALERT_GROUP_WAIT_MS,
      groupIntervalMs: vars.FLEETMEDIC_ALERT_GROUP_INTERVAL_MS,
      repeatIntervalMs: vars.FLEETMEDIC_ALERT_REPEAT_INTERVAL_MS,
      maxAttempts: vars.FLEETMEDIC_ALERT_MAX_ATTEMPTS,
      retryBaseMs: vars.FLEETMEDIC_ALERT_RETRY_BASE_MS,
      retryMaxMs: vars.FLEETMEDIC_ALERT_RETRY_MAX_MS,
      requestTimeoutMs: vars.FLEETMEDIC_ALERT_TIMEOUT_MS,
      allowHttp: vars.FLEETMEDIC_ALERT_ALLOW_HTTP,
      allowedHosts: vars.FLEETMEDIC_ALERT_ALLOWED_HOSTS ?? [],
    },
    logLevel: vars.LOG_LEVEL,
  };
}
