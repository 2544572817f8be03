/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/harness/setupEnv.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	testTimeout: 30000,
	// One line per file that passes; failures in full, with what the file printed (test/reporter.js).
	reporters: ['<rootDir>/test/reporter.js'],
	// Jest turns verbose on for a single file, printing console output as it comes: keep it back.
	verbose: false,
};
