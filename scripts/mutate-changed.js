// CI's mutation testing (npm run mutate:ci): the files a change touched, against the committed
// baseline (test/mutate/baseline.json: each mutated file's fingerprint and its mutation score when
// it was last measured). The fingerprint (test/mutate/fingerprint.js) is of the code as it runs:
// layout, comments and import order do not change it, Stryker's directives do. A file whose
// fingerprint differs from the baseline, or that the baseline does not know, is mutated again
// (Stryker, its tests on the sources) and must score the goal (90%), or no
// less than it scored when measured if that was below the goal (a file is never allowed to get
// worse while it waits for its tests). Unchanged files keep their measured score. Files the
// baseline lists as `unmeasured` (with the reason) are named and not mutated: a full run of them
// (`npm run mutate`) records them. CONTRIBUTING.md, "Mutation testing".
//   node scripts/mutate-changed.js              check, mutating changed files
//   node scripts/mutate-changed.js --dry-run    list what would be mutated, mutate nothing
//   node scripts/mutate-changed.js --update reports/mutation/a.json [b.json …]
//                                               record the scores of those reports as the baseline
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { fingerprint } = require('../test/mutate/fingerprint');
const { ownTests, parts, partOf } = require('../test/mutate/parts');
const { GOAL, countReport, score } = require('./mutation-score');

const ROOT = path.resolve(__dirname, '..');
const BASELINE = path.join(ROOT, 'test/mutate/baseline.json');
/** The folders Stryker mutates (test/mutate/parts.js): the transport and the trigger's logic. */
const SCOPE = Object.values(parts).flatMap((part) => part.mutate.map((glob) => glob.slice(0, glob.indexOf('/**'))));

const fingerprintOf = (file) => fingerprint(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);

function scopeFiles() {
	return SCOPE.flatMap((dir) =>
		fs
			.readdirSync(path.join(ROOT, dir))
			.filter((name) => name.endsWith('.ts'))
			.map((name) => `${dir}/${name}`),
	).sort();
}

function readBaseline() {
	return fs.existsSync(BASELINE) ? JSON.parse(fs.readFileSync(BASELINE, 'utf8')) : { files: {}, unmeasured: {} };
}

function update(reports) {
	const baseline = readBaseline();
	for (const reportFile of reports) {
		const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
		for (const [file, counts] of countReport(report)) {
			// The report holds the source it mutated: a file whose code changed since is not recorded.
			const measured = fingerprint(report.files[file].source, file);
			if (measured !== fingerprintOf(file)) {
				console.error(`${file}: changed since ${reportFile} was made; not recorded`);
				continue;
			}
			baseline.files[file] = { fingerprint: measured, score: Number(score(counts).toFixed(2)), ...counts };
			delete baseline.unmeasured?.[file];
		}
	}
	baseline.files = Object.fromEntries(Object.entries(baseline.files).sort(([a], [b]) => a.localeCompare(b)));
	fs.writeFileSync(BASELINE, `${JSON.stringify(baseline, null, '\t')}\n`);
	console.log(`baseline: ${Object.keys(baseline.files).length} files recorded in ${path.relative(ROOT, BASELINE)}`);
}

function check(dryRun) {
	const { files: measured, unmeasured = {} } = readBaseline();
	/** File → the least score it must reach when mutated again. */
	const changed = new Map();
	const below = [];
	for (const file of scopeFiles()) {
		const known = measured[file];
		if (!known && Object.hasOwn(unmeasured, file)) {
			console.log(`${file}: not measured yet (${unmeasured[file]})`);
		} else if (!known || known.fingerprint !== fingerprintOf(file)) {
			changed.set(file, Math.min(GOAL, known?.score ?? GOAL));
			console.log(`${file}: ${known ? 'changed since it was measured' : 'never measured'}: mutated now`);
		} else {
			const note = known.score < GOAL ? ` (below the goal of ${GOAL}%: it may not get worse)` : '';
			console.log(`${file}: unchanged, ${known.score.toFixed(2)}% when measured${note}`);
		}
	}
	if (changed.size > 0 && !dryRun) {
		// One Stryker run per part, with that part's tests; one per file measured against its own tests.
		const runs = Object.keys(parts).flatMap((name) => {
			const files = [...changed.keys()].filter((file) => partOf(file) === name);
			const shared = files.filter((file) => !Object.hasOwn(ownTests, file));
			return [
				...(shared.length > 0 ? [{ name, files: shared, report: `changed-${name}`, tests: [] }] : []),
				...files
					.filter((file) => Object.hasOwn(ownTests, file))
					.map((file) => ({
						name,
						files: [file],
						report: `changed-${path.basename(file, '.ts')}`,
						tests: ownTests[file],
					})),
			];
		});
		for (const { name, files, report, tests } of runs) {
			const run = spawnSync('npx', ['stryker', 'run', '--incremental'], {
				cwd: ROOT,
				stdio: 'inherit',
				env: {
					...process.env,
					MUTATE_PART: name,
					MUTATE_FILES: files.join(','),
					MUTATE_REPORT: report,
					MUTATE_TESTS: tests.join(','),
				},
			});
			if (run.status !== 0) process.exit(run.status ?? 1);
			const result = JSON.parse(fs.readFileSync(path.join(ROOT, `reports/mutation/${report}.json`), 'utf8'));
			for (const [file, counts] of countReport(result)) {
				const fileScore = score(counts);
				const least = changed.get(file) ?? GOAL;
				console.log(`${file}: ${fileScore.toFixed(2)}% now (at least ${least.toFixed(2)}% needed)`);
				if (fileScore < least) below.push(`${file} (${fileScore.toFixed(2)}%, needs ${least.toFixed(2)}%)`);
			}
		}
	}
	if (below.length > 0) {
		console.error(`mutation score too low: ${below.join(', ')}`);
		process.exit(1);
	}
	console.log(dryRun ? 'dry run: nothing mutated' : 'no mutated file scores less than it must');
}

const args = process.argv.slice(2);
if (args[0] === '--update') update(args.slice(1));
else check(args.includes('--dry-run'));
