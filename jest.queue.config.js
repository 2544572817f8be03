/** Queue-mode suite: the packed package in n8n main + workers with Redis and PostgreSQL (see test/queue/). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testPathIgnorePatterns: ['/node_modules/'],
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	setupFiles: [],
	testTimeout: 5 * 60 * 1000,
	maxWorkers: 1,
};
