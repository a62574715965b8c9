// End-to-end specs run the real server and real simulated agents in this process, and drive Debian's
// Chromium for the dashboard; one at a time, since each owns ports, files and a browser.
const path = require('node:path');
const preset = require('../../jest.preset.js');

const apps = path.join(__dirname, '..');

module.exports = {
  ...preset,
  displayName: 'e2e',
  testMatch: ['<rootDir>/src/**/*.e2e.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^@fleetmedic/server$': path.join(apps, 'server/src/index.ts'),
    '^@fleetmedic/agent$': path.join(apps, 'agent/src/index.ts'),
  },
};
