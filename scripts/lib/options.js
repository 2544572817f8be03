// Shared by the benchmark and soak scripts: their command-line options and the median they report.
'use strict';

/** The number after `--name` on the command line, or `fallback`. */
function numberOption(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

/** The comma-separated numbers after `--name` (`fallback` when absent); an empty value is no numbers. */
function numberListOption(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return (index > 0 ? process.argv[index + 1] : fallback).split(',').filter(Boolean).map(Number);
}

/** The middle value (the upper one of an even count). */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

module.exports = { numberOption, numberListOption, median };
