/**
 * fast-check around the cases: one seeded run of a property, shrinking a failure toward the
 * smallest case that still breaks the same promise (the class of the first violation found), and
 * the report a failure prints: seed, path, the shrunk case, its violations and the command that
 * replays it.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import type { N8nEngine } from '../harness/n8nEngine';
import { CASES } from './arbitraries';
import type { FuzzConfig } from './config';
import { checkObservation } from './invariants';
import type { FuzzCase, PropertyName, Violation } from './model';
import { runCase, type Observation } from './runner';
import type { FuzzServer } from './server';

export interface Finding {
	property: PropertyName;
	seed: number;
	path: string;
	/** The class the shrinking kept. */
	cls: string;
	violations: Violation[];
	fuzzCase: FuzzCase;
	shrinks: number;
	/** Cases run to find it (shrinking included). */
	casesRun: number;
}

export interface PropertyStats {
	cases: number;
	ms: number;
	/** Violations by class, over every case run (survey mode), with the run index of the first. */
	classes: Map<string, { count: number; firstRun: number; example: string }>;
}

/** Where findings are written during a run (test-output/ is git-ignored). */
const FOUND_FILE = path.resolve(__dirname, '../../test-output/fuzz-found.jsonl');

export interface Fuzz {
	engine: N8nEngine;
	server: FuzzServer;
	config: FuzzConfig;
}

/** Runs one case and checks it; prints it when FUZZ_VERBOSE=1. */
export async function checkCase(
	fuzz: Fuzz,
	fuzzCase: FuzzCase,
	describe = process.env.FUZZ_VERBOSE === '2',
): Promise<Violation[]> {
	const observation = await runCase(fuzzCase, fuzz.engine, fuzz.server);
	const ignored = fuzz.config.ignore;
	const violations = checkObservation(observation, fuzz.config.check).filter(
		(violation) => !ignored.some((prefix) => violation.cls.startsWith(prefix)),
	);
	if (fuzz.config.verbose) {
		const classes = [...new Set(violations.map((violation) => violation.cls))].join(' ') || 'ok';
		process.stdout.write(
			`${fuzzCase.property} ${fuzzCase.operation} ${observation.elapsedMs} ms, ${observation.record.requests.length} requests: ${classes}\n`,
		);
	}
	if (describe) process.stdout.write(`${describeObservation(observation)}\n`);
	return violations;
}

/**
 * One property with one seed: every case until the first violation, which is then shrunk while
 * the same class stays (`only`: look for that class alone). Resolves to the finding, if any.
 */
export async function runProperty(
	fuzz: Fuzz,
	property: PropertyName,
	seed: number,
	stats: PropertyStats,
	options: { only?: string; path?: string; survey?: boolean } = {},
): Promise<Finding | undefined> {
	let target = options.only;
	let hunting = options.only === undefined;
	let lastViolations: Violation[] = [];
	let shrinkingSince = 0;
	let casesRun = 0;
	let runIndex = 0;
	const started = Date.now();

	const predicate = async (fuzzCase: FuzzCase): Promise<boolean> => {
		// Past its budget, shrinking stops: the last failing case stands.
		if (shrinkingSince > 0 && Date.now() - shrinkingSince > fuzz.config.shrinkMs) return true;
		let violations: Violation[];
		try {
			violations = await checkCase(fuzz, fuzzCase);
		} catch (error) {
			// A fault of the fuzz itself, reported like a violation so that it is seen with its case.
			violations = [{ cls: 'fuzz:harness-error', detail: String((error as Error)?.stack ?? error).slice(0, 500) }];
		}
		casesRun++;
		if (options.survey) {
			for (const violation of violations) {
				const known = stats.classes.get(violation.cls);
				if (known) known.count++;
				else stats.classes.set(violation.cls, { count: 1, firstRun: runIndex, example: violation.detail });
			}
			runIndex++;
			return true;
		}
		const hit = target === undefined ? violations : violations.filter((violation) => violation.cls === target);
		if (hit.length === 0) return true;
		if (hunting) {
			hunting = false;
			target = hit[0].cls;
		}
		if (shrinkingSince === 0) shrinkingSince = Date.now();
		lastViolations = violations;
		return false;
	};

	const details = await fc.check(fc.asyncProperty(CASES[property], predicate), {
		seed,
		numRuns: fuzz.config.runs[property],
		path: options.path,
		endOnFailure: options.path !== undefined && options.only === undefined ? true : undefined,
	});
	stats.cases += casesRun;
	stats.ms += Date.now() - started;
	if (!details.failed || !details.counterexample) {
		if (details.failed)
			throw new Error(
				`fast-check stopped without a counterexample (${details.interrupted ? 'interrupted' : 'too many skips'})`,
			);
		return undefined;
	}
	const finding: Finding = {
		property,
		seed,
		path: details.counterexamplePath ?? '',
		cls: target ?? lastViolations[0]?.cls ?? '?',
		violations: lastViolations,
		fuzzCase: details.counterexample[0],
		shrinks: details.numShrinks,
		casesRun,
	};
	try {
		mkdirSync(path.dirname(FOUND_FILE), { recursive: true });
		appendFileSync(FOUND_FILE, `${JSON.stringify(regressionEntry(finding))}\n`);
	} catch {
		// the report below says it all
	}
	return finding;
}

/** Everything a case did, for FUZZ_VERBOSE=2: the wire (what was sent back) and the outputs. */
function describeObservation(observation: Observation): string {
	const lines = [`  elapsed ${observation.elapsedMs} ms, bound ${Math.round(observation.plan.boundMs)} ms`];
	for (const request of observation.record.requests) {
		const sent = request.sent;
		const body = sent?.meaning.toString('utf8').slice(0, 160);
		lines.push(
			`  ${new Date(request.at).toISOString().slice(17, 23)} ${request.method} ${request.rawUrl} nonce=${String(request.headers['x-nonce'])}${request.body === null ? '' : ` body=${request.body.slice(0, 160)}`} -> ${JSON.stringify(sent?.behaviour)} ${sent?.status ?? sent?.failure ?? '?'} ${body ?? ''}`,
		);
	}
	for (const request of observation.record.foreign) lines.push(`  elsewhere: ${request.method} ${request.url}`);
	for (const output of observation.result?.items ?? []) lines.push(`  output ${JSON.stringify(output).slice(0, 300)}`);
	if (observation.result?.error)
		lines.push(`  run error ${observation.result.error.name}: ${observation.result.error.message}`);
	if (observation.search) lines.push(`  search ${JSON.stringify(observation.search).slice(0, 300)}`);
	if (observation.thrown) lines.push(`  thrown ${String(observation.thrown)}`);
	if (observation.credentialTest) lines.push(`  credential test ${JSON.stringify(observation.credentialTest)}`);
	return lines.join('\n');
}

/** A finding as an entry of regressions.json. */
export function regressionEntry(finding: Finding) {
	return {
		id: `${finding.property}-${finding.cls}-seed${finding.seed}`,
		class: finding.cls,
		found: {
			seed: finding.seed,
			path: finding.path,
			classes: [...new Set(finding.violations.map((violation) => violation.cls))],
		},
		note: finding.violations.find((violation) => violation.cls === finding.cls)?.detail ?? '',
		case: finding.fuzzCase,
	};
}

/** An error whose text is the whole report: jest shows no code frame of the fuzz's own lines for it. */
export function failure(text: string): Error {
	const error = new Error(text);
	error.stack = text;
	return error;
}

/** What a failure prints. */
export function report(finding: Finding): string {
	const replay = `FUZZ_PROPERTY=${finding.property} FUZZ_SEED=${finding.seed} FUZZ_PATH=${finding.path} npm run fuzz`;
	return [
		`The fuzz found a violation: ${finding.cls}`,
		`  property ${finding.property}, seed ${finding.seed}, path ${finding.path} (${finding.casesRun} cases run, ${finding.shrinks} shrinks)`,
		'  violations of the shrunk case:',
		...finding.violations.map((violation) => `    - ${violation.cls}: ${violation.detail}`),
		`  replay: ${replay}`,
		'  the shrunk case (add it to test/fuzz/regressions.json to keep it; also appended to test-output/fuzz-found.jsonl):',
		JSON.stringify(regressionEntry(finding), null, 2)
			.split('\n')
			.map((line) => `    ${line}`)
			.join('\n'),
	].join('\n');
}
