/**
 * Jest reporter for every test layer: one line per test file that passes, a line per skipped test
 * (its title says why), and for a file that fails everything Jest knows about it — each failure in
 * full (message, diff, stack) and whatever the file printed to the console, which is kept back for
 * files that pass. Ends with one summary line and the failed tests' names.
 */
'use strict';

const path = require('node:path');

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

class QuietReporter {
	constructor(globalConfig) {
		this.rootDir = globalConfig.rootDir;
		/** @type {string[]} */
		this.failed = [];
	}

	/** @param {string} text */
	write(text) {
		process.stderr.write(`${text}\n`);
	}

	onTestResult(test, result) {
		const file = path.relative(this.rootDir, result.testFilePath);
		const time = seconds(result.perfStats.runtime ?? result.perfStats.end - result.perfStats.start);
		const failedNow = result.numFailingTests > 0 || result.testExecError !== undefined;
		const counts = [
			`${result.numPassingTests} passed`,
			result.numPendingTests + result.numTodoTests > 0 ? `${result.numPendingTests + result.numTodoTests} skipped` : '',
			result.numFailingTests > 0 ? `${result.numFailingTests} failed` : '',
		]
			.filter(Boolean)
			.join(', ');
		this.write(`${failedNow ? 'FAIL' : 'PASS'}  ${file}  (${counts}; ${time})`);
		for (const skipped of result.testResults.filter((entry) => entry.status === 'pending' || entry.status === 'todo')) {
			this.write(`      skipped: ${skipped.fullName}`);
		}
		if (!failedNow) return;
		for (const entry of result.testResults.filter((candidate) => candidate.status === 'failed'))
			this.failed.push(`${file} › ${entry.fullName}`);
		if (result.testExecError !== undefined && result.numFailingTests === 0)
			this.failed.push(`${file} (the file did not run)`);
		if (result.failureMessage) this.write(result.failureMessage);
		if (result.console?.length) {
			this.write(`  what ${file} printed:`);
			for (const entry of result.console) this.write(`    [${entry.type}] ${entry.message.replace(/\n/g, '\n    ')}`);
		}
	}

	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const parts = [
			`${results.numPassedTests} passed`,
			skipped > 0 ? `${skipped} skipped` : '',
			results.numFailedTests > 0 ? `${results.numFailedTests} failed` : '',
		]
			.filter(Boolean)
			.join(', ');
		const time = seconds(Date.now() - results.startTime);
		this.write(
			`${results.numFailedTestSuites + results.numRuntimeErrorTestSuites > 0 ? 'FAILED' : 'passed'}: ${results.numTotalTestSuites} files, tests ${parts}; ${time}`,
		);
		for (const name of this.failed) this.write(`  failed: ${name}`);
	}
}

module.exports = QuietReporter;
