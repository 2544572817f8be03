// jest's node environment, plus the real `process` as `__fuzzHostProcess`: inside a test,
// `process` is a copy whose events never fire, and the fuzz must see an unhandled rejection or an
// uncaught exception of the code under test as a violation of its case, not as jest's failure;
// and `__fuzzGc`, the host's garbage collector when node runs with --expose-gc.
'use strict';

const { TestEnvironment } = require('jest-environment-node');

class FuzzEnvironment extends TestEnvironment {
	constructor(config, context) {
		super(config, context);
		this.global.__fuzzHostProcess = process;
		// With `node --expose-gc` (npm run fuzz): the heap is measured after a collection.
		if (typeof global.gc === 'function') this.global.__fuzzGc = global.gc;
	}
}

module.exports = FuzzEnvironment;
