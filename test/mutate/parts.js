// What `npm run mutate` measures, in two parts, each with the tests that run against its mutants
// (stryker.config.mjs and jest.mutate.config.js read MUTATE_PART; scripts/mutate.js runs each
// part, scripts/mutate-changed.js the parts of the files a change touched).
//
// The transport's mutants run against the tests of nodes/shared and the credential: every engine
// test sends requests through the transport, so with all of them a surviving mutant of the
// transport would load about 50 test files (a few minutes each on 2 cores). Its behaviour is
// pinned by its own tests, in the folder that mirrors it; a mutant only a node's test notices
// counts as a survivor.
// The trigger's mutants run against every engine test and a short trigger fuzz (seed 1, 200
// cases, its regressions, no shrinking): it kills what no single scenario reaches.
'use strict';

const parts = {
	transport: {
		mutate: ['nodes/shared/transport/**/*.ts'],
		testRoots: ['test/nodes/shared', 'test/credentials'],
	},
	trigger: {
		mutate: ['nodes/NextAuthTrigger/helpers/**/*.ts', 'nodes/NextAuthTrigger/events/**/*.ts'],
		testRoots: ['test/nodes', 'test/credentials', 'test/fuzz'],
	},
};

/**
 * Files measured against the tests that mirror them (MUTATE_TESTS, jest.mutate.config.js): every
 * request passes through them, so with all of the part's tests each surviving mutant would load
 * every engine test file of the part, hours for a file of this size on 2 cores. Their score is a
 * lower bound of what the part's tests give.
 */
const ownTests = {
	'nodes/shared/transport/redaction.ts': [
		'test/nodes/shared/transport/redaction.test.ts',
		'test/nodes/shared/transport/errors.test.ts',
		'test/nodes/shared/transport/json.test.ts',
	],
};

/** The part named by MUTATE_PART; the error names the parts when it names none of them. */
function partFromEnv(env = process.env) {
	const name = env.MUTATE_PART;
	if (!Object.hasOwn(parts, name ?? '')) {
		throw new Error(
			`MUTATE_PART must name a part of the mutation run (${Object.keys(parts).join(', ')}), got ${JSON.stringify(name)}`,
		);
	}
	return { name, ...parts[name] };
}

/** The part whose sources hold `file` (a path from the repository's root), or undefined. */
function partOf(file) {
	return Object.keys(parts).find((name) =>
		parts[name].mutate.some((glob) => file.startsWith(glob.slice(0, glob.indexOf('**')))),
	);
}

module.exports = { parts, ownTests, partFromEnv, partOf };
