/**
 * Runs one case: sets the server's world and script, runs the node in n8n's engine (or the
 * picker, or the credential test) under a hard deadline, and collects everything the invariants
 * look at: outputs, errors, execution data, QR bytes, the wire, time, heap, unhandled rejections.
 */
import type { ICredentialDataDecryptedObject, INodeCredentialTestResult, INodeListSearchResult } from 'n8n-workflow';

import type { N8nEngine, RunResult } from '../harness/n8nEngine';
import type { FuzzCase } from './model';
import { planCase, quickBound, type CasePlan } from './plan';
import type { CaseRecord, FuzzServer } from './server';

export interface Observation {
	fuzzCase: FuzzCase;
	plan: CasePlan;
	/** The credential's values as n8n hands them to the node. */
	credentials: ICredentialDataDecryptedObject;
	/** The key as the package sends it (trimmed). */
	apiKey: string;
	/** The Base URL's password, if it has one. */
	password?: string;
	/** The path the package's requests must start with. */
	basePath: string;
	elapsedMs: number;
	/** A node run's result. */
	result?: RunResult;
	/** A picker's result. */
	search?: INodeListSearchResult;
	/** The credential test's verdict. */
	credentialTest?: INodeCredentialTestResult;
	/** What the engine call threw (a picker's error is thrown; a node run's never should be). */
	thrown?: unknown;
	/** The call had not ended at the hard deadline. */
	hung: boolean;
	/** The node was stopped for sending far more requests than its plan allows. */
	runaway: boolean;
	rejections: unknown[];
	/** The most heap in use during the case, above what was in use at its start, in MB. */
	heapPeakMb: number;
	/** The bytes of each output item's binary field, by item position. */
	binaries: Map<number, Buffer>;
	record: CaseRecord;
}

interface HostProcess {
	listeners(event: string): Array<(...args: unknown[]) => void>;
	removeAllListeners(event: string): void;
	on(event: string, listener: (...args: unknown[]) => void): void;
}

/** The real process (see environment.js); inside a jest test `process` is a copy whose events never fire. */
const hostProcess = (globalThis as unknown as { __fuzzHostProcess?: HostProcess }).__fuzzHostProcess;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Base URL of a case, with the port of its server. */
export function baseUrlOf(fuzzCase: FuzzCase, origin: string): string {
	const { userinfo, prefix, trailingSlash } = fuzzCase.credentials.baseUrl;
	const withUser = userinfo ? origin.replace('//', `//${userinfo}@`) : origin;
	return `${withUser}${prefix}${trailingSlash ? '/' : ''}`;
}

/** The path prefix the package's requests must start with, given the Base URL. */
function basePathOf(fuzzCase: FuzzCase): string {
	const { prefix } = fuzzCase.credentials.baseUrl;
	if (!prefix) return '';
	try {
		return new URL(`http://h${prefix}`).pathname.replace(/\/+$/, '');
	} catch {
		return prefix;
	}
}

/** Captures unhandled rejections and uncaught exceptions for the length of `run`. */
async function capturing<T>(run: () => Promise<T>, rejections: unknown[]): Promise<T> {
	if (!hostProcess) return await run();
	const saved = {
		unhandledRejection: hostProcess.listeners('unhandledRejection'),
		uncaughtException: hostProcess.listeners('uncaughtException'),
	};
	for (const event of Object.keys(saved)) {
		hostProcess.removeAllListeners(event);
		hostProcess.on(event, (reason: unknown) => rejections.push(reason));
	}
	try {
		return await run();
	} finally {
		// Rejections surface a tick or two after their promise settles.
		await sleep(5);
		for (const [event, listeners] of Object.entries(saved)) {
			hostProcess.removeAllListeners(event);
			for (const listener of listeners) hostProcess.on(event, listener);
		}
	}
}

export async function runCase(fuzzCase: FuzzCase, engine: N8nEngine, server: FuzzServer): Promise<Observation> {
	const plan =
		fuzzCase.property === 'sessions' || fuzzCase.property === 'admin' ? planCase(fuzzCase) : quickBound(fuzzCase);
	const apiKey = fuzzCase.credentials.apiKey.trim();
	const basePath = basePathOf(fuzzCase);
	const origin = await server.beginCase(fuzzCase, apiKey, basePath);
	const credentials: ICredentialDataDecryptedObject = {
		apiKey: fuzzCase.credentials.apiKey,
		roleId: fuzzCase.credentials.roleId,
		serverId: fuzzCase.credentials.serverId,
		baseUrl: baseUrlOf(fuzzCase, origin),
	};
	const password = /:(.+)$/s.exec(fuzzCase.credentials.baseUrl.userinfo)?.[1];
	const observation: Observation = {
		fuzzCase,
		plan,
		credentials,
		apiKey,
		password,
		basePath,
		elapsedMs: 0,
		hung: false,
		runaway: false,
		rejections: [],
		heapPeakMb: 0,
		binaries: new Map(),
		record: { requests: [], foreign: [], outsideBasePath: [] },
	};

	// The node is stopped (n8n's stop button) a little after its bound: a case past it is a
	// violation already, and must not hold the series up. A call that ignores the stop is
	// abandoned 5 s later.
	const hardDeadlineMs = Math.min(plan.boundMs + 2_000, 120_000);
	const heapAtStart = process.memoryUsage().heapUsed;
	let heapPeak = heapAtStart;
	// A node that sends far more requests than its plan allows is stopped early: the violation is
	// seen already, and a list paging to 100,000 entries must not hold the series up.
	const stopper = new AbortController();
	const sampler = setInterval(() => {
		heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
		if (!stopper.signal.aborted && server.simulator.requests.length > 2 * plan.maxRequests + 20) {
			observation.runaway = true;
			stopper.abort();
		}
	}, 20);
	const started = Date.now();
	let abandon: NodeJS.Timeout | undefined;
	try {
		await capturing(async () => {
			const call = (async () => {
				if (fuzzCase.property === 'pickers') {
					observation.search = await engine.listSearch(
						fuzzCase.operation as 'searchUsers' | 'searchAccounts',
						credentials,
						fuzzCase.parameters,
						fuzzCase.search?.filter,
						fuzzCase.search?.paginationToken,
					);
				} else if (fuzzCase.property === 'credentialTest') {
					observation.credentialTest = await engine.testCredentials(credentials);
				} else {
					const cancelAfterMs = Math.min(fuzzCase.cancelAfterMs ?? Infinity, hardDeadlineMs);
					observation.result = await engine.run({
						node: fuzzCase.node,
						parameters: fuzzCase.parameters,
						items: fuzzCase.items.map((json) => ({ json: structuredClone(json) })),
						credentials,
						continueOnFail: fuzzCase.continueOnFail,
						cancelAfterMs,
						stopSignal: stopper.signal,
					});
				}
			})().catch((error: unknown) => {
				observation.thrown = error;
			});
			const timedOut = new Promise<'hung'>((resolve) => {
				abandon = setTimeout(() => resolve('hung'), hardDeadlineMs + 5_000);
			});
			if ((await Promise.race([call, timedOut])) === 'hung') observation.hung = true;
		}, observation.rejections);
	} finally {
		clearTimeout(abandon);
		observation.elapsedMs = Date.now() - started;
		clearInterval(sampler);
		observation.heapPeakMb = Math.round(
			(Math.max(heapPeak, process.memoryUsage().heapUsed) - heapAtStart) / 1024 / 1024,
		);
	}

	for (const [index, item] of (observation.result?.items ?? []).entries()) {
		const binary = Object.values(item.binary ?? {})[0];
		if (!binary) continue;
		try {
			observation.binaries.set(index, await engine.binaryBuffer(binary));
		} catch (error) {
			observation.binaries.set(index, Buffer.from(`unreadable: ${(error as Error).message}`));
		}
	}
	observation.record = await server.endCase();
	return observation;
}
