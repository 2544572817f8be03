// CI's mutation testing (npm run mutate:ci): the files a change touched, against the committed
// baseline (test/mutate/baseline.json: each mutated file's SHA-256 and its mutation score when it
// was last measured). A file whose source differs from the baseline, or that the baseline does not
// know, is mutated again (Stryker, its tests on the sources); the run fails when such a file scores
// below the goal. Files unchanged since they were measured keep their measured score, which must
// itself meet the goal. A full run is `npm run mutate` (CONTRIBUTING.md, "Mutation testing").
//   node scripts/mutate-changed.js              check, mutating changed files
//   node scripts/mutate-changed.js --dry-run    list what would be mutated, mutate nothing
//   node scripts/mutate-changed.js --update reports/mutation/a.json [b.json …]
//                                               record the scores of those reports as the baseline
'use strict';

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { countReport, score } = require('./mutation-score');

const ROOT = path.resolve(__dirname, '..');
const BASELINE = path.join(ROOT, 'test/mutate/baseline.json');
/** The mutation score each mutated file must reach (killed and timed out over all counted). */
const GOAL = 90;
/** What Stryker mutates (stryker.config.mjs): the transport and the trigger's logic. */
const SCOPE = ['nodes/shared/transport', 'nodes/NextAuthTrigger/helpers', 'nodes/NextAuthTrigger/events'];

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(path.join(ROOT, file))).digest('hex');

function scopeFiles() {
	return SCOPE.flatMap((dir) =>
		fs
			.readdirSync(path.join(ROOT, dir))
			.filter((name) => name.endsWith('.ts'))
			.map((name) => `${dir}/${name}`),
	).sort();
}

function readBaseline() {
	return fs.existsSync(BASELINE) ? JSON.parse(fs.readFileSync(BASELINE, 'utf8')) : { files: {} };
}

function update(reports) {
	const baseline = readBaseline();
	for (const reportFile of reports) {
		const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
		for (const [file, counts] of countReport(report)) {
			// The report holds the source it mutated: a file changed since is not recorded.
			if (report.files[file].source !== fs.readFileSync(path.join(ROOT, file), 'utf8')) {
				console.error(`${file}: changed since ${reportFile} was made; not recorded`);
				continue;
			}
			baseline.files[file] = { sha256: sha256(file), score: Number(score(counts).toFixed(2)), ...counts };
		}
	}
	baseline.files = Object.fromEntries(Object.entries(baseline.files).sort(([a], [b]) => a.localeCompare(b)));
	fs.writeFileSync(BASELINE, `${JSON.stringify(baseline, null, '\t')}\n`);
	console.log(`baseline: ${Object.keys(baseline.files).length} files recorded in ${path.relative(ROOT, BASELINE)}`);
}

function check(dryRun) {
	const { files: measured } = readBaseline();
	const changed = [];
	const below = [];
	for (const file of scopeFiles()) {
		const known = measured[file];
		if (!known || known.sha256 !== sha256(file)) {
			changed.push(file);
			console.log(`${file}: ${known ? 'changed since it was measured' : 'never measured'}: mutated now`);
		} else {
			console.log(`${file}: unchanged, ${known.score.toFixed(2)}% when measured`);
			if (known.score < GOAL) below.push(`${file} (${known.score.toFixed(2)})`);
		}
	}
	if (changed.length > 0 && !dryRun) {
		const run = spawnSync('npx', ['stryker', 'run', '--incremental'], {
			cwd: ROOT,
			stdio: 'inherit',
			env: { ...process.env, MUTATE_FILES: changed.join(','), MUTATE_REPORT: 'changed' },
		});
		// The goal is per file, checked below (Stryker's own threshold would be on the total).
		if (run.status !== 0) process.exit(run.status ?? 1);
		const report = JSON.parse(fs.readFileSync(path.join(ROOT, 'reports/mutation/changed.json'), 'utf8'));
		for (const [file, counts] of countReport(report)) {
			const fileScore = score(counts);
			console.log(`${file}: ${fileScore.toFixed(2)}% now`);
			if (fileScore < GOAL) below.push(`${file} (${fileScore.toFixed(2)})`);
		}
	}
	if (below.length > 0) {
		console.error(`mutation score below ${GOAL}%: ${below.join(', ')}`);
		process.exit(1);
	}
	console.log(`every mutated file scores ${GOAL}% or more`);
}

const args = process.argv.slice(2);
if (args[0] === '--update') update(args.slice(1));
else check(args.includes('--dry-run'));
