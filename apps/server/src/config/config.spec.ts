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
