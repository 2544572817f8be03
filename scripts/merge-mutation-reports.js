// Merges Stryker JSON reports of the same sources into one, for runs made a part at a time:
// line ranges of a large file measured in separate runs (MUTATE_FILES=file.ts:1-200, …), or the
// survivors of a run re-run after new tests (MUTATE_FILES with their lines). A mutant is the same
// when its file, place, mutator and replacement are; a later report's result replaces an
// earlier one's. Reports of different sources of one file are refused (the places would not
// match). The result is a report like the others: scripts/mutation-score.js reads it, and
// `node scripts/mutate-changed.js --update <result>` records it.
//   node scripts/merge-mutation-reports.js --out reports/mutation/merged.json first.json later.json …
'use strict';

const fs = require('node:fs');

const keyOf = (mutant) => {
	const { start, end } = mutant.location;
	return [start.line, start.column, end.line, end.column, mutant.mutatorName, mutant.replacement ?? ''].join(':');
};

function merge(reports) {
	const [first, ...later] = reports;
	const merged = structuredClone(first);
	for (const report of later) {
		for (const [file, result] of Object.entries(report.files)) {
			const known = merged.files[file];
			if (!known) {
				merged.files[file] = structuredClone(result);
				continue;
			}
			if (known.source !== result.source) throw new Error(`${file}: the reports were made of different sources`);
			const byKey = new Map(known.mutants.map((mutant, index) => [keyOf(mutant), index]));
			for (const mutant of result.mutants) {
				const index = byKey.get(keyOf(mutant));
				if (index === undefined) known.mutants.push(mutant);
				else known.mutants[index] = mutant;
			}
		}
	}
	return merged;
}

function main(args) {
	const outAt = args.indexOf('--out');
	if (outAt === -1 || args.length < outAt + 2)
		throw new Error('usage: merge-mutation-reports.js --out merged.json a.json b.json …');
	const [out] = args.splice(outAt, 2).slice(1);
	if (args.length < 2) throw new Error('give at least two reports to merge');
	const merged = merge(args.map((file) => JSON.parse(fs.readFileSync(file, 'utf8'))));
	fs.writeFileSync(out, JSON.stringify(merged));
	console.log(`${out}: ${Object.keys(merged.files).length} files from ${args.length} reports`);
}

if (require.main === module) main(process.argv.slice(2));

module.exports = { merge };
