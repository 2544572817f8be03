// The end-to-end suites in the order scripts/e2e.js gives (NEXTAUTH_E2E_ORDER), rather than
// Jest's (slowest first): the editor check runs after the other suites have started their n8n.
'use strict';

const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

class E2eSequencer extends Sequencer {
	sort(tests) {
		const order = process.env.NEXTAUTH_E2E_ORDER?.split(path.delimiter);
		if (!order) return super.sort(tests);
		const rank = (test) => {
			const index = order.indexOf(test.path);
			return index === -1 ? order.length : index;
		};
		return [...tests].sort((a, b) => rank(a) - rank(b));
	}
}

module.exports = E2eSequencer;
