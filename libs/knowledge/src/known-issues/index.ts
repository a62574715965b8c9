/** The known-issue catalog and how to match a failure against it. */
export * from './known-issue';
export * from './fingerprint';
export * from './registry-path';
export * from './catalog';
export * from './match';
