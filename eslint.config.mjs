// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.run/**',
      'scripts/**/*.mjs',
      'eslint.config.mjs',
      'jest.config.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/*/*'],
              message: 'Import a lib through its barrel (@app/<lib>), never a deep path.',
            },
            {
              group: ['**/apps/*', '../../apps/**'],
              message: 'Apps never import other apps; libs never import apps.',
            },
          ],
          paths: [
            { name: 'kafkajs', message: 'kafkajs is wrapped in libs/kafka: import from @app/kafka.' },
            {
              name: 'typeorm',
              message: 'typeorm is wrapped in libs/persistence: import from @app/persistence.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/kafka/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@app/*/*'], message: 'Use the barrel.' }] }],
    },
  },
  {
    files: ['libs/persistence/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@app/*/*'], message: 'Use the barrel.' }] }],
    },
  },
  {
    // Tests and benchmarks may drive kafkajs and PostgreSQL directly to check the system from outside.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': 'off',
      'no-console': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
