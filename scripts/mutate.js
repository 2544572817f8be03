// `npm run mutate`: every mutant of each part (test/mutate/parts.js; all parts, or those named),
// one Stryker run per part, then each file's score against the goal (scripts/mutation-score.js).
//   node scripts/mutate.js [transport] [trigger]
// Reports: reports/mutation/<part>.json (and .html, .incremental.json).
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { parts } = require('../test/mutate/parts');
const { GOAL } = require('./mutation-score');

const ROOT = path.resolve(__dirname, '..');
const names = process.argv.slice(2);
for (const name of names) {
	if (!Object.hasOwn(parts, name)) {
		console.error(`unknown part ${JSON.stringify(name)} (${Object.keys(parts).join(', ')})`);
		process.exit(2);
	}
}
const chosen = names.length > 0 ? names : Object.keys(parts);

for (const name of chosen) {
	const started = Date.now();
	console.log(`mutation testing, part ${name}`);
	const run = spawnSync('npx', ['stryker', 'run', '--incremental', '--force'], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, MUTATE_PART: name, MUTATE_REPORT: name },
	});
	console.log(`part ${name}: ${Math.round((Date.now() - started) / 1000)} s`);
	if (run.status !== 0) process.exit(run.status ?? 1);
}
const reports = chosen.map((name) => path.join(ROOT, 'reports/mutation', `${name}.json`));
const score = spawnSync('node', [path.join(__dirname, 'mutation-score.js'), '--min', String(GOAL), ...reports], {
	stdio: 'inherit',
});
process.exit(score.status ?? 1);
