/**
 * The fuzz (`npm run fuzz`): seeded property-based runs of both nodes against a fault-injecting
 * simulator (test/fuzz/README.md). One file, cases one after another: timings are part of what
 * is checked, and one engine and one server serve every case of a property.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testPathIgnorePatterns: ['/node_modules/'],
	roots: ['<rootDir>/test/fuzz'],
	testMatch: ['**/*.fuzz.ts'],
	setupFiles: [...base.setupFiles, '<rootDir>/test/fuzz/setupEnv.ts'],
	// Each property bounds its own cases; this only stops a run that lost its way.
	testTimeout: 6 * 60 * 60 * 1000,
	maxWorkers: 1,
	testEnvironment: '<rootDir>/test/fuzz/environment.js',
	// The fuzz prints its statistics and reports as it goes: Jest's own reporter shows them.
	reporters: ['default'],
};
