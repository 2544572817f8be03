/**
 * The engine tests as `npm run mutate` (Stryker) runs them: the node and credential classes come
 * from the sources (NEXTAUTH_TEST_SOURCES=1, test/harness/n8nEngine.ts), where Stryker switches its
 * mutants, compiled by ts-jest without type checks (Stryker's TypeScript checker does those, and
 * the mutated files carry `@ts-nocheck`). test/mutate/: which test files cover which mutant.
 */
const base = require('./jest.config');

process.env.NEXTAUTH_TEST_SOURCES = '1';
// With the engine tests, a short trigger fuzz (seed 1, 200 cases, its regressions; no shrinking):
// it kills what no single scenario reaches in the trigger's logic.
Object.assign(process.env, { FUZZ_PROPERTY: 'trigger', FUZZ_SEED: '1', FUZZ_RUNS: '200', FUZZ_SHRINK_MS: '0' });

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/nodes', '<rootDir>/test/credentials', '<rootDir>/test/fuzz'],
	testMatch: ['**/*.test.ts', '**/trigger.fuzz.ts'],
	setupFiles: [...base.setupFiles, '<rootDir>/test/fuzz/setupEnv.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/mutate/tsconfig.json' }] },
	// A path, not <rootDir>: Stryker's jest runner loads the environment itself, unresolved.
	testEnvironment: require.resolve('./test/mutate/environment.js'),
	testSequencer: '<rootDir>/test/mutate/sequencer.js',
};
