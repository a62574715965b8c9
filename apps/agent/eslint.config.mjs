// The workspace lint rules, plus one the agent's memory budget depends on: zod costs ~12 MB of RSS, so
// agent code may take only types from @fleetmedic/protocol and constants from its zod-free subpath.
// Specs and their test server are exempt: they check what the agent sends against the real schemas.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's lint config, not a library
import workspace from '../../eslint.config.mjs';

export default [
  ...workspace,
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts', 'src/testing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@fleetmedic/protocol',
              allowTypeImports: true,
              message:
                'The agent must not load zod: use `import type` here and runtime values from @fleetmedic/protocol/constants.',
            },
            { name: 'zod', message: 'The agent must not load zod: write a small guard instead.' },
            {
              name: '@fleetmedic/knowledge',
              allowTypeImports: true,
              message:
                'The code table and catalog cost ~6 MB: the running agent imports @fleetmedic/knowledge/normalize; only `explain` (src/explain/**) loads the whole library.',
            },
          ],
        },
      ],
    },
  },
  {
    // `explain` is a one-shot command: it may load the whole knowledge library (still never zod).
    files: ['src/explain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@fleetmedic/protocol',
              allowTypeImports: true,
              message:
                'The agent must not load zod: use `import type` here and runtime values from @fleetmedic/protocol/constants.',
            },
            { name: 'zod', message: 'The agent must not load zod: write a small guard instead.' },
          ],
        },
      ],
    },
  },
];
