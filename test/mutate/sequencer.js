// Jest's test sequencer for `npm run mutate` (coverage.js): while Stryker runs a mutant, only the
// test files whose tests cover it (recorded in the dry run) are loaded, quickest first; Stryker's
// test-name filter then picks the tests inside them. A mutant the map does not know runs every
// file, as without this sequencer.
'use strict';

const Sequencer = require('@jest/test-sequencer').default;
const { activeMutant, filesFor, bail } = require('./coverage');

class MutateSequencer extends Sequencer {
	sort(tests) {
		bail.reset();
		const id = activeMutant();
		const rootDir = tests[0]?.context.config.rootDir;
		const files = id === undefined || rootDir === undefined ? undefined : filesFor(rootDir, id);
		if (!files) return super.sort(tests);
		const byPath = new Map(tests.map((test) => [test.path, test]));
		return files.map((file) => byPath.get(file)).filter((test) => test !== undefined);
	}
}

module.exports = MutateSequencer;
