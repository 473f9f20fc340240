// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

// The architecture, enforced (docs/ARCHITECTURE.md). kafkajs is imported only behind
// its two doors, and a folder of the worker imports its neighbours and lower layers only.
const KAFKAJS = {
  name: 'kafkajs',
  message:
    "kafkajs only behind its two doors: @fluentmeet/email-contracts/producer and email-worker's src/kafka/ (docs/ARCHITECTURE.md).",
};
const WORKER = 'packages/email-worker/src';
/** Worker folders, lowest first; each may import the ones listed before it. */
const WORKER_LAYERS = [
  ['templates', []],
  ['mailgun', []],
  ['kafka', []],
  ['delivery', ['templates', 'mailgun', 'kafka']],
  ['app', ['templates', 'mailgun', 'kafka', 'delivery']],
  ['cli', ['templates', 'mailgun', 'kafka', 'delivery', 'app']],
];

function restrictImports(files, { kafkajs = false, forbiddenFolders = [] } = {}) {
  const patterns = [];
  if (forbiddenFolders.length > 0) {
    patterns.push({
      regex: `^\\.\\./(${forbiddenFolders.join('|')})/|^\\.\\./(index|main)\\.js$`,
      message:
        'A worker folder imports its neighbours and lower layers only: templates, mailgun, kafka < delivery < app < cli (docs/ARCHITECTURE.md).',
    });
  }
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { paths: kafkajs ? [] : [KAFKAJS], patterns }],
    },
  };
}

const folders = WORKER_LAYERS.map(([name]) => name);
const architecture = [
  restrictImports(['packages/*/src/**/*.ts']),
  restrictImports(
    ['packages/email-contracts/src/producer/**/*.ts', 'packages/testkit/src/**/*.ts'],
    {
      kafkajs: true,
    },
  ),
  ...WORKER_LAYERS.map(([name, below]) =>
    restrictImports([`${WORKER}/${name}/**/*.ts`], {
      kafkajs: name === 'kafka',
      forbiddenFolders: folders.filter((folder) => folder !== name && !below.includes(folder)),
    }),
  ),
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/test-results/**',
      '**/preview/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  ...architecture,
);
