/**
 * `npm run fuzz`: both nodes (and the pickers and the credential test) in n8n's engine against a
 * fault-injecting simulator, with seeded generated inputs and server behaviours, every case
 * checked against the invariants of issue 19 (invariants.ts).
 *
 * First every case in regressions.json is replayed (each a test of its own); then each property
 * runs with each seed. A violation is shrunk and printed with its seed, path, the shrunk case and
 * the command that replays it.
 *
 * Environment:
 * - FUZZ_SEED=1,2,…      seeds (default: config.ts CI_SEEDS)
 * - FUZZ_RUNS=N          cases per property and seed (default: config.ts CI_RUNS)
 * - FUZZ_PROPERTY=a,b    only these properties: sessions, admin, pickers, credentialTest, trigger (trigger.fuzz.ts)
 * - FUZZ_PATH=…          replay the case at this path (with one seed and one property)
 * - FUZZ_MODE=survey     run every case, list every class of violation, shrink one case per class
 * - FUZZ_SHRINK_MS=N     how long to shrink one failure (default 60000)
 * - FUZZ_REGRESSIONS=skip  do not replay regressions.json first
 * - FUZZ_ACCEPT_ENCODING=any  do not require `Accept-Encoding: identity`
 * - FUZZ_BIG_IDS=rounded      accept ids beyond 2^53 rounded to a number
 * - FUZZ_HEAP_MB=N       heap a case may take (default 160); FUZZ_HEAP_GROWTH_MB=N over a property's run (default 64)
 * - FUZZ_IGNORE=a,b     classes (or prefixes, e.g. `contract:`) not counted, for work in progress only
 * - FUZZ_VERBOSE=1       one line per case; FUZZ_VERBOSE=2 also the wire and the outputs
 * - FUZZ_CASE=file.json  run this one case (or regressions.json entry) and print all it did
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { N8nEngine } from '../harness/n8nEngine';
import { readConfig } from './config';
import type { FuzzCase, PropertyName } from './model';
import {
	checkCase,
	failure,
	regressionEntry,
	report,
	runProperty,
	type Finding,
	type Fuzz,
	type PropertyStats,
} from './property';
import regressions from './regressions.json';
import { FuzzServer } from './server';

/** A case the fuzz found (or one written by hand in the same form), kept for good. */
interface Regression {
	id: string;
	/** The class it was kept for. */
	class: string;
	/** Where and how it was found: seed and path (null for a case written by hand), the classes it showed then. */
	found: { seed: number | null; path: string | null; classes: string[] };
	note: string;
	case: FuzzCase;
}

const config = readConfig();
const fuzz = {} as Fuzz;
const gc = (globalThis as unknown as { __fuzzGc?: () => void }).__fuzzGc;

function heapMb(): number {
	gc?.();
	return process.memoryUsage().heapUsed / 1024 / 1024;
}

beforeAll(async () => {
	fuzz.config = config;
	fuzz.engine = await N8nEngine.load();
	fuzz.server = new FuzzServer();
	await fuzz.server.start();
});

afterAll(async () => await fuzz.server.stop());

describe('regressions: every case the fuzz found, replayed first', () => {
	const entries = (regressions as Regression[]).filter(
		(entry) => config.regressions && !process.env.FUZZ_CASE && config.properties.includes(entry.case.property),
	);
	if (entries.length === 0) {
		it.skip('none to replay', () => {});
		return;
	}
	it.each(entries.map((entry) => [entry.id, entry] as const))('%s', async (_, entry) => {
		const violations = await checkCase(fuzz, entry.case);
		if (violations.length > 0) {
			throw failure(
				[
					`regression ${entry.id} (${entry.note}) still fails:`,
					...violations.map((violation) => `  - ${violation.cls}: ${violation.detail}`),
				].join('\n'),
			);
		}
	});
});

// FUZZ_CASE=file.json: one case (or a regressions.json entry) run alone, everything it did printed.
const caseFile = process.env.FUZZ_CASE;
if (caseFile) {
	it(`the case in ${caseFile}`, async () => {
		const loaded = JSON.parse(readFileSync(path.resolve(caseFile), 'utf8')) as FuzzCase | Regression;
		const fuzzCase = 'case' in loaded ? loaded.case : loaded;
		const violations = await checkCase({ ...fuzz, config: { ...config, verbose: true } }, fuzzCase, true);
		if (violations.length > 0)
			throw failure(violations.map((violation) => `- ${violation.cls}: ${violation.detail}`).join('\n'));
	});
}

const propertiesTitle =
	config.mode === 'survey' ? 'survey: every class of violation, one shrunk case each' : 'properties';
(caseFile ? describe.skip : describe)(propertiesTitle, () => {
	// FUZZ_PROPERTY=trigger alone: trigger.fuzz.ts runs it (Jest refuses an afterAll without tests).
	if (config.properties.length === 0) {
		it.skip('none chosen by FUZZ_PROPERTY', () => {});
		return;
	}
	const summary: string[] = [];
	afterAll(() => {
		if (summary.length > 0) process.stdout.write(`\nfuzz summary\n${summary.map((line) => `  ${line}`).join('\n')}\n`);
	});

	for (const property of config.properties) {
		for (const seed of config.seeds) {
			const runs = config.path ? 1 : config.runs[property];
			it(`${property}, seed ${seed}: ${config.path ? `replay ${config.path}` : `${runs} cases`}`, async () => {
				const stats: PropertyStats = { cases: 0, ms: 0, classes: new Map() };
				const heapBefore = heapMb();
				let finding: Finding | undefined;
				const findings: Finding[] = [];
				if (config.mode === 'survey') {
					await runProperty(fuzz, property, seed, stats, { survey: true });
					summary.push(
						`${property} seed ${seed}, the survey's cases alone: ${stats.cases} in ${(stats.ms / 1000).toFixed(1)} s (${(stats.cases / Math.max(0.001, stats.ms / 1000)).toFixed(1)} cases/s)`,
					);
					for (const [cls, { firstRun }] of stats.classes) {
						const shrunk = await runProperty(fuzz, property, seed, stats, { only: cls, path: String(firstRun) });
						if (shrunk) findings.push(shrunk);
					}
					writeSurvey(property, seed, stats, findings);
				} else {
					finding = await runProperty(fuzz, property, seed, stats, { path: config.path });
				}
				const growth = heapMb() - heapBefore;
				const rate = stats.cases / Math.max(0.001, stats.ms / 1000);
				summary.push(
					`${property} seed ${seed}: ${stats.cases} cases in ${(stats.ms / 1000).toFixed(1)} s (${rate.toFixed(1)} cases/s), heap ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB`,
				);
				if (config.mode === 'survey') {
					process.stdout.write(`\n${surveyText(property, seed, stats, findings)}\n`);
					return;
				}
				if (finding) throw failure(report(finding));
				if (gc && growth > config.heapGrowthMb)
					throw failure(
						`heap-growth: the heap grew by ${growth.toFixed(1)} MB over ${stats.cases} cases of ${property} (bound ${config.heapGrowthMb} MB)`,
					);
			});
		}
	}
});

function surveyText(property: PropertyName, seed: number, stats: PropertyStats, findings: Finding[]): string {
	const lines = [`survey of ${property}, seed ${seed}: ${stats.classes.size} classes`];
	for (const [cls, { count, firstRun, example }] of [...stats.classes].sort((a, b) => a[0].localeCompare(b[0]))) {
		lines.push(`  ${cls}: ${count} times, first in case ${firstRun}: ${example.slice(0, 200)}`);
	}
	for (const finding of findings) lines.push('', report(finding));
	return lines.join('\n');
}

function writeSurvey(property: PropertyName, seed: number, stats: PropertyStats, findings: Finding[]): void {
	const file = path.resolve(__dirname, `../../test-output/fuzz-survey-${property}-${seed}.json`);
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(
		file,
		JSON.stringify(
			{
				property,
				seed,
				cases: stats.cases,
				ms: stats.ms,
				classes: Object.fromEntries(stats.classes),
				findings: findings.map(regressionEntry),
			},
			null,
			2,
		),
	);
}
