// The mutation score of each mutated file, from Stryker's JSON reports (reports/mutation/*.json,
// written by `npm run mutate` and `npm run mutate:ci`), and the mutants that survived.
//   node scripts/mutation-score.js [--min 90] [report.json …]
// --min: exits 1 when a file's score is below it (Stryker's own `thresholds.break` is on the total).
// Score: (killed + timed out) / (killed + timed out + survived + no coverage), as Stryker counts it;
// compile errors (the TypeScript checker) and ignored mutants (static ones; those a
// `Stryker disable` comment marks as equivalent, with its reason) are not counted.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** The mutation score each mutated file must reach (npm run mutate, npm run mutate:ci). */
const GOAL = 90;

const STATUSES = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'Ignored', 'CompileError', 'RuntimeError'];

/** Each file's mutants by status: [file, { Killed, Timeout, … }][], sorted by file. */
function countReport(report) {
	return Object.entries(report.files)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([file, { mutants }]) => {
			const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
			for (const mutant of mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
			return [file, counts];
		});
}

/** Killed and timed out over every counted mutant, in percent; 100 when none is counted. */
function score(counts) {
	const detected = counts.Killed + counts.Timeout;
	const counted = detected + counts.Survived + counts.NoCoverage;
	return counted === 0 ? 100 : (100 * detected) / counted;
}

function survivors(report) {
	return Object.entries(report.files).flatMap(([file, { mutants }]) =>
		mutants
			.filter((mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage')
			.map((mutant) => {
				const { line, column } = mutant.location.start;
				return `${file}:${line}:${column} ${mutant.status} ${mutant.mutatorName}: ${JSON.stringify(mutant.replacement ?? '')}`;
			}),
	);
}

function main(args) {
	const minAt = args.indexOf('--min');
	const min = minAt === -1 ? undefined : Number(args.splice(minAt, 2)[1]);
	const dir = path.resolve(__dirname, '../reports/mutation');
	const reportFiles =
		args.length > 0
			? args
			: fs
					.readdirSync(dir)
					.filter((name) => name.endsWith('.json') && !name.endsWith('.incremental.json'))
					.map((name) => path.join(dir, name));
	const rows = [];
	const survived = [];
	for (const reportFile of reportFiles) {
		const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
		rows.push(...countReport(report));
		survived.push(...survivors(report));
	}
	const total = Object.fromEntries(
		STATUSES.map((status) => [status, rows.reduce((sum, [, counts]) => sum + counts[status], 0)]),
	);
	const width = Math.max(...rows.map(([file]) => file.length), 5);
	console.log(`${'file'.padEnd(width)}  mutants  score   killed  timeout  survived  no cov  ignored  compile`);
	const below = [];
	for (const [file, counts] of [...rows, ['total', total]]) {
		const fileScore = score(counts);
		if (min !== undefined && file !== 'total' && fileScore < min) below.push(`${file} (${fileScore.toFixed(2)})`);
		const mutants = STATUSES.reduce((sum, status) => sum + counts[status], 0);
		const cells = [
			counts.Killed,
			counts.Timeout,
			counts.Survived,
			counts.NoCoverage,
			counts.Ignored,
			counts.CompileError,
		];
		const widths = [6, 7, 8, 6, 7, 7];
		console.log(
			`${file.padEnd(width)}  ${String(mutants).padStart(7)}  ${fileScore.toFixed(2).padStart(6)}  ${cells.map((cell, i) => String(cell).padStart(widths[i])).join('  ')}`,
		);
	}
	if (survived.length > 0) console.log(`\nsurvivors (${survived.length}):\n  ${survived.join('\n  ')}`);
	if (below.length > 0) {
		console.error(`\nmutation score below ${min}: ${below.join(', ')}`);
		process.exit(1);
	}
}

module.exports = { GOAL, countReport, score };

if (require.main === module) main(process.argv.slice(2));
