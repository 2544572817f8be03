/** End-to-end suite: the packed package inside a real n8n (see test/e2e/). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testPathIgnorePatterns: ['/node_modules/'],
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	setupFiles: [],
	// The first run installs n8n (~6 minutes); each n8n CLI call starts n8n (~6 s).
	testTimeout: 20 * 60 * 1000,
	// One file at a time in a process: each starts its own n8n (and the editor check a browser).
	// scripts/e2e.js runs the trigger's suites, which mostly wait for polls, in a second process.
	maxWorkers: 1,
	testSequencer: '<rootDir>/test/e2e/sequencer.js',
};
