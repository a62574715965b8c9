import { ConfigError, loadConfig } from './config';

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('loadConfig', () => {
  it('defaults to SQLite under data/ on port 8080', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({ kind: 'sqlite', path: 'data/fleetmedic.sqlite' });
    expect(config.enrollSecret).toBeUndefined();
  });

  it('reads PORT, DATABASE_URL and FLEETMEDIC_ENROLL_SECRET', () => {
    const config = loadConfig({
      PORT: '9123',
      DATABASE_URL: 'postgres://fleet@127.0.0.1:5432/test?schema=fm',
      FLEETMEDIC_ENROLL_SECRET: 'a-long-enough-secret',
    });
    expect(config.port).toBe(9123);
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://fleet@127.0.0.1:5432/test?schema=fm',
      schema: 'fm',
    });
    expect(config.enrollSecret).toBe('a-long-enough-secret');
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        FLEETMEDIC_ENROLL_SECRET: 'short',
        LOG_LEVEL: 'loud',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT must be a number/);
    expect(problems).toMatch(/DATABASE_URL must start with sqlite:/);
    expect(problems).toMatch(/FLEETMEDIC_ENROLL_SECRET must be at least 16 characters/);
    expect(problems).toMatch(/LOG_LEVEL must be one of/);
  });

  it('never puts a secret value in its error', () => {
    const error = captureError(() => loadConfig({ FLEETMEDIC_ENROLL_SECRET: 'tiny-secret' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).not.toContain('tiny-secret');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(8080);
  });
});

describe('chat alert settings', () => {
  it('default to a 5 s group wait, a minute between updates, reminders after 4 h, https only', () => {
    expect(loadConfig({}).alerts).toEqual({
      groupWaitMs: 5_000,
      groupIntervalMs: 60_000,
      repeatIntervalMs: 4 * 60 * 60_000,
      maxAttempts: 10,
      retryBaseMs: 1_000,
      retryMaxMs: 5 * 60_000,
      requestTimeoutMs: 10_000,
      allowHttp: false,
      allowedHosts: [],
    });
  });

  it('read the environment, allowed hosts lower-cased', () => {
    const { alerts } = loadConfig({
      FLEETMEDIC_ALERT_GROUP_WAIT_MS: '200',
      FLEETMEDIC_ALERT_REPEAT_INTERVAL_MS: '0',
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: 'Relay.Corp.example:8443, 10.0.0.5',
    });
    expect(alerts).toMatchObject({
      groupWaitMs: 200,
      repeatIntervalMs: 0,
      allowHttp: true,
      allowedHosts: ['relay.corp.example:8443', '10.0.0.5'],
    });
  });

  it('name every bad one', () => {
    const error = captureError(() =>
      loadConfig({
        FLEETMEDIC_ALERT_GROUP_WAIT_MS: 'soon',
        FLEETMEDIC_ALERT_MAX_ATTEMPTS: '0',
        FLEETMEDIC_ALERT_ALLOW_HTTP: 'yes',
        FLEETMEDIC_ALERT_ALLOWED_HOSTS: 'https://relay.example/',
      }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/FLEETMEDIC_ALERT_GROUP_WAIT_MS must be a number/);
    expect(problems).toMatch(/FLEETMEDIC_ALERT_MAX_ATTEMPTS must be between 1 and 100/);
    expect(problems).toMatch(/FLEETMEDIC_ALERT_ALLOW_HTTP must be true or false/);
    expect(problems).toMatch(/FLEETMEDIC_ALERT_ALLOWED_HOSTS: https:\/\/relay.example\/ is not a host/);
  });
});
