// Jest's node environment for `npm run mutate` (coverage.js): during Stryker's dry run (coverage
// per test, no active mutant) it notes which mutants each test of the file reached, so that each
// mutant's run loads only the test files that cover it; during a mutant's run, once a test has
// failed, it skips the rest. Stryker's jest runner wraps it with its own environment (the one
// that counts coverage per test).
'use strict';

const { TestEnvironment } = require('jest-environment-node');
const { activeMutant, record, bail } = require('./coverage');

/** A test's full name as Stryker's environment names it (describe blocks and title, spaced). */
function fullName(test) {
	const names = [];
	for (let block = test; block && block.parent; block = block.parent) names.unshift(block.name);
	return names.join(' ').trimStart();
}

function skipAll(block) {
	for (const child of block.children) {
		if (child.type === 'test') child.mode = 'skip';
		else skipAll(child);
	}
}

class MutateEnvironment extends TestEnvironment {
	constructor(config, context) {
		super(config, context);
		this.rootDir = config.projectConfig.rootDir;
		this.testPath = context.testPath;
		/** Mutant id → ms of this file's tests that reached it (dry run). */
		this.covered = new Map();
	}

	/** Stryker's instrumenter context in this file's globals (coverage per test), if it is there. */
	stryker() {
		return this.global[this.global.__strykerGlobalNamespace__ ?? '__stryker__'];
	}

	async handleTestEvent(event, state) {
		if (activeMutant() === undefined) {
			// The dry run. Runs before Stryker's own handler, which forgets the test after test_done.
			if (event.name !== 'test_done') return;
			const reached = this.stryker()?.mutantCoverage?.perTest?.[fullName(event.test)];
			for (const id of Object.keys(reached ?? {}))
				this.covered.set(id, (this.covered.get(id) ?? 0) + (event.test.duration ?? 0));
			return;
		}
		// A mutant's run: bail once a test failed (n8n's loader and the simulator are not even started
		// for the files after it: their tests are all skipped before their beforeAll).
		if (event.name === 'run_start' && bail.get()) skipAll(state.rootDescribeBlock);
		else if (event.name === 'test_start' && bail.get()) event.test.mode = 'skip';
		else if (event.name === 'test_done' && event.test.errors.length > 0) bail.set();
	}

	async teardown() {
		if (activeMutant() === undefined) record(this.rootDir, this.testPath, this.covered);
		await super.teardown();
	}
}

module.exports = MutateEnvironment;
