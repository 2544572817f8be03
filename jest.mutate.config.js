/**
 * The engine tests as `npm run mutate` (Stryker) runs them: the node and credential classes come
 * from the sources (NEXTAUTH_TEST_SOURCES=1, test/harness/n8nEngine.ts), where Stryker switches its
 * mutants, compiled by ts-jest without type checks (Stryker's TypeScript checker does those, and
 * the mutated files carry `@ts-nocheck`). test/mutate/: which test files cover which mutant.
 */
const base = require('./jest.config');

process.env.NEXTAUTH_TEST_SOURCES = '1';

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/nodes', '<rootDir>/test/credentials'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/mutate/tsconfig.json' }] },
	// A path, not <rootDir>: Stryker's jest runner loads the environment itself, unresolved.
	testEnvironment: require.resolve('./test/mutate/environment.js'),
	testSequencer: '<rootDir>/test/mutate/sequencer.js',
};
