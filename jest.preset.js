// Shared jest settings: SWC transpiles TypeScript (type-checking is the `typecheck` target's job) and
// the workspace libraries resolve to their sources, so tests never depend on a stale build.
const path = require('node:path');

const libs = path.join(__dirname, 'libs');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@fleetmedic/protocol$': path.join(libs, 'protocol/src/index.ts'),
    '^@fleetmedic/protocol/constants$': path.join(libs, 'protocol/src/constants.ts'),
    '^@fleetmedic/protocol/fleet-health$': path.join(libs, 'protocol/src/fleet-health.ts'),
    '^@fleetmedic/protocol/remediation-job$': path.join(libs, 'protocol/src/remediation-job.ts'),
    '^@fleetmedic/knowledge$': path.join(libs, 'knowledge/src/index.ts'),
    '^@fleetmedic/knowledge/normalize$': path.join(libs, 'knowledge/src/codes/normalize.ts'),
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  clearMocks: true,
};
