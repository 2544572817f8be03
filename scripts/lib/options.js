// Shared by the benchmark and soak scripts: their command-line options and the median they report.
// `--short` is the short form CI runs (each script's defaults made smaller; the same checks and
// figures, fewer items and runs); without it a script runs in full, as its figures in docs/ were
// measured. An option given on the command line wins in both forms.
'use strict';

/** Whether the short form (`--short`) was asked for. */
const SHORT = process.argv.includes('--short');

/** The number after `--name` on the command line, or the default of this form (full or `--short`). */
function numberOption(name, fallback, shortFallback = fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : SHORT ? shortFallback : fallback;
}

/** The comma-separated numbers after `--name` (the form's default when absent); an empty value is no numbers. */
function numberListOption(name, fallback, shortFallback = fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return (index > 0 ? process.argv[index + 1] : SHORT ? shortFallback : fallback)
		.split(',')
		.filter(Boolean)
		.map(Number);
}

/** The middle value (the upper one of an even count). */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

module.exports = { SHORT, numberOption, numberListOption, median };
