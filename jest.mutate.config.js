/**
 * The engine tests as `npm run mutate` (Stryker) runs them: the node and credential classes come
 * from the sources (NEXTAUTH_TEST_SOURCES=1, test/harness/n8nEngine.ts), where Stryker switches its
 * mutants, compiled by ts-jest without type checks (Stryker's TypeScript checker does those, and
 * the mutated files carry `@ts-nocheck`). The test folders are the part's (MUTATE_PART,
 * test/mutate/parts.js); test/mutate/: which test files cover which mutant.
 */
const base = require('./jest.config');
const { partFromEnv } = require('./test/mutate/parts');

process.env.NEXTAUTH_TEST_SOURCES = '1';
// The trigger's part runs the short trigger fuzzes among its tests (seed 1, 200 cases, the regressions; no shrinking).
Object.assign(process.env, { FUZZ_PROPERTY: 'trigger', FUZZ_SEED: '1', FUZZ_RUNS: '200', FUZZ_SHRINK_MS: '0' });

// MUTATE_TESTS (comma-separated test files) runs only those of the part's tests: a file measured
// against the tests that mirror it, its score then a lower bound of the part's.
const onlyTests = process.env.MUTATE_TESTS?.split(',').filter(Boolean);

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: partFromEnv().testRoots.map((root) => `<rootDir>/${root}`),
	testMatch: onlyTests?.length
		? onlyTests.map((file) => `<rootDir>/${file}`)
		: ['**/*.test.ts', '**/trigger.fuzz.ts', '**/securityWatch.fuzz.ts'],
	setupFiles: [...base.setupFiles, '<rootDir>/test/fuzz/setupEnv.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/mutate/tsconfig.json' }] },
	// A path, not <rootDir>: Stryker's jest runner loads the environment itself, unresolved.
	testEnvironment: require.resolve('./test/mutate/environment.js'),
	testSequencer: '<rootDir>/test/mutate/sequencer.js',
};
