// Mutation testing (npm run mutate, npm run mutate:ci; CONTRIBUTING.md, "Mutation testing"): the
// transport and the trigger's logic, each a part with its own tests (MUTATE_PART,
// test/mutate/parts.js), run on the sources (jest.mutate.config.js). Known equivalent mutants are
// marked in the sources with `// Stryker disable next-line <mutator>: <reason>`, so a new survivor
// still counts.
//
// MUTATE_FILES (comma-separated paths) narrows the part to those files and MUTATE_REPORT names its
// reports (reports/mutation/<name>.json, the part's name by default): scripts/mutate-changed.js
// runs the files a change touched.
import mutateParts from './test/mutate/parts.js';

const part = mutateParts.partFromEnv();
const files = process.env.MUTATE_FILES?.split(',').filter(Boolean);
const report = process.env.MUTATE_REPORT ?? part.name;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	packageManager: 'npm',
	mutate: files ?? part.mutate,
	testRunner: 'jest',
	jest: {
		configFile: 'jest.mutate.config.js',
		// The engine tests reach the sources through n8n's loader (a require at run time), which
		// Jest's dependency graph cannot see: --findRelatedTests would find only the unit tests.
		enableFindRelatedTests: false,
	},
	coverageAnalysis: 'perTest',
	// A static mutant (module-level code, run when n8n loads the package in a file's beforeAll) needs
	// every engine test file, about 2 minutes each on 2 cores: left out and counted as ignored.
	ignoreStatic: true,
	checkers: ['typescript'],
	tsconfigFile: 'tsconfig.json',
	typescriptChecker: { prioritizePerformanceOverAccuracy: true },
	disableTypeChecks: 'nodes/**/*.ts',
	concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
	// The dry run is every test file of the part in one process, instrumented: 3 minutes for the trigger.
	dryRunTimeoutMinutes: 20,
	// The engine tests wait on real sockets and timers; on a busy machine a slow test is not a hang.
	timeoutMS: 20000,
	// The goal (90%) is per file: scripts/mutation-score.js --min 90 and scripts/mutate-changed.js.
	thresholds: { high: 95, low: 90, break: null },
	incrementalFile: `reports/mutation/${report}.incremental.json`,
	ignorePatterns: [
		'dist',
		'test-output',
		'demo-output',
		'docs',
		'examples',
		'reports',
		'.cache',
		'coverage',
		'test/e2e',
		'test/queue',
	],
	reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
	htmlReporter: { fileName: `reports/mutation/${report}.html` },
	jsonReporter: { fileName: `reports/mutation/${report}.json` },
	tempDirName: '.stryker-tmp',
};
