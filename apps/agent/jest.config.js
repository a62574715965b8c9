const path = require('node:path');
const preset = require('../../jest.preset.js');

const knowledge = path.join(__dirname, '../../libs/knowledge/src');

module.exports = {
  ...preset,
  displayName: 'agent',
  // The knowledge library's light subpaths the running agent loads (the main entry costs ~6 MB).
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^@fleetmedic/knowledge/rollback$': path.join(knowledge, 'playbooks/rollback.ts'),
    '^@fleetmedic/knowledge/known-issue$': path.join(knowledge, 'known-issues/known-issue.ts'),
  },
};
