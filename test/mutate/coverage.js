// Which test files cover which mutant, recorded during Stryker's dry run (environment.js) and read
// for each mutant (sequencer.js), and the mutant run's bail. Stryker's jest runner filters a
// mutant's run by test name only and cannot make Jest bail, so Jest would load all 50 test files
// (about 30 s on 2 cores) to run a few tests, and run every covering test after the first had
// killed the mutant (minutes for a mutant of the transport, which most tests reach).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** The map's file in the sandbox Stryker runs in (Jest's rootDir there). */
const mapFile = (rootDir) => path.join(rootDir, '.stryker-test-files.json');

/** The active mutant's id while Stryker runs one (set by its jest runner), else undefined. */
const activeMutant = () => process.env.__STRYKER_ACTIVE_MUTANT__;

function read(rootDir) {
	try {
		return JSON.parse(fs.readFileSync(mapFile(rootDir), 'utf8'));
	} catch {
		return {};
	}
}

/**
 * Adds one test file's covered mutants to the map: `covered` maps a mutant id to the time (ms) the
 * file's tests that reach it took in the dry run.
 */
function record(rootDir, testPath, covered) {
	if (covered.size === 0) return;
	const map = read(rootDir);
	for (const [id, ms] of covered) (map[id] ??= {})[testPath] = ms;
	fs.writeFileSync(mapFile(rootDir), JSON.stringify(map));
}

/** The test files that cover mutant `id`, quickest first, or undefined when the map does not know it. */
function filesFor(rootDir, id) {
	const files = read(rootDir)[id];
	return files && Object.keys(files).sort((a, b) => files[a] - files[b]);
}

// One Jest run per mutant, in this process: once a test has failed (the mutant is killed) the
// other tests of the run are skipped. Shared through the process (the sequencer and the
// environment are loaded by different loaders).
const BAIL = Symbol.for('n8n-nodes-nextauth.mutate.bail');
const bail = {
	reset: () => void (globalThis[BAIL] = false),
	set: () => void (globalThis[BAIL] = true),
	get: () => globalThis[BAIL] === true && activeMutant() !== undefined,
};

module.exports = { activeMutant, record, filesFor, bail };
