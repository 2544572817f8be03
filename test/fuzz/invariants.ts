/**
 * The invariants of issue 19, checked on every case, and a few oracles that follow from the
 * issue's fixes. Each violation has a class (what kind of promise broke) and a detail (where).
 *
 * (a) one output per input, in order and paired — or one run error; never a crash, an unhandled
 *     rejection or a hang;
 * (b) the API key nowhere in outputs, errors, execution data, nor in any request but in the
 *     X-apikey header to the Base URL's host, in any encoding; the Base URL's password likewise;
 * (c) the time within the bound the options allow, plus slack; the heap within a bound;
 * (d) a side effect (a POST) reaches the server at most once per item, unless answered 429;
 * (e) every request valid for the contract;
 * (f) data that does not hold the key comes out as the server sent it.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { checkRequest, routeOf } from './contract';
import { ExactInteger, parseLossless, type Lossless } from './lossless';
import type { Violation } from './model';
import { evaluate, LIST_OPERATIONS, SIDE_EFFECT_OPERATIONS, SLACK_FACTOR, SLACK_MS, WAIT_TOGGLES } from './plan';
import type { Observation } from './runner';
import { findIn, roleFinder, secretFinder, STAND_ALONE_BELOW, textsIn, type SecretFinder } from './secrets';
import type { FuzzRequest } from './server';

export interface CheckSettings {
	/** Requests must say `Accept-Encoding: identity` (FUZZ_ACCEPT_ENCODING=any turns it off). */
	identityEncoding: boolean;
	/** Ids beyond 2^53 must come out as their exact digits (FUZZ_BIG_IDS=rounded turns it off). */
	exactBigIds: boolean;
	/** The most heap a case may take above what was in use at its start, in MB. */
	heapPeakMb: number;
}

/** Messages that are the engine's or the runtime's words, not a sentence a workflow builder can act on. */
const INTERNAL_MESSAGE =
	/URI malformed|Cannot read propert|is not a function|is not defined|is not iterable|Unexpected token|Unexpected end of JSON|in JSON at position|Invalid character in header|Invalid header value|ERR_[A-Z_]{4,}|\[object Object\]|(?<!got ")\b(?:undefined|NaN)\b|Maximum call stack|toString is not/;

/** What the API answers mean for each operation's items. */
const STATUSES: Record<string, string> = { '0': 'pending', '1': 'approved', '2': 'declined' };

type Json = IDataObject;

/** The first place where `actual` is not the data `expected`, given the secrets' exceptions. */
function differs(
	actual: unknown,
	expected: Lossless,
	context: { key: SecretFinder; roleId: string; exactBigIds: boolean },
	at = '$',
): string | undefined {
	if (expected instanceof ExactInteger) {
		if (actual === expected.digits) return undefined;
		if (
			!context.exactBigIds &&
			typeof actual === 'number' &&
			BigInt(Math.round(actual)) === BigInt(Number(expected.digits))
		)
			return undefined;
		return `${at}: ${JSON.stringify(actual)} instead of the exact integer ${expected.digits}`;
	}
	if (typeof expected === 'string') {
		if (context.key.mayHold(expected)) return typeof actual === 'string' ? undefined : `${at}: not a string`;
		if (context.roleId && expected === context.roleId) return undefined;
		return actual === expected
			? undefined
			: `${at}: ${JSON.stringify(actual)?.slice(0, 80)} instead of ${JSON.stringify(expected).slice(0, 80)}`;
	}
	if (Array.isArray(expected)) {
		if (!Array.isArray(actual)) return `${at}: not an array`;
		if (actual.length !== expected.length) return `${at}: ${actual.length} entries instead of ${expected.length}`;
		for (let index = 0; index < expected.length; index++) {
			const found = differs(actual[index], expected[index], context, `${at}[${index}]`);
			if (found) return found;
		}
		return undefined;
	}
	if (expected !== null && typeof expected === 'object') {
		if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${at}: not an object`;
		// A field named with the key is renamed (to `***`, or a sentence holding it).
		const keep = (key: string) => !context.key.mayHold(key) && !key.includes('***');
		const expectedKeys = Object.keys(expected).filter(keep).sort();
		const actualKeys = Object.keys(actual).filter(keep).sort();
		if (JSON.stringify(expectedKeys) !== JSON.stringify(actualKeys))
			return `${at}: keys ${actualKeys.join(',')} instead of ${expectedKeys.join(',')}`;
		for (const key of expectedKeys) {
			const found = differs((actual as Record<string, unknown>)[key], expected[key], context, `${at}.${key}`);
			if (found) return found;
		}
		return undefined;
	}
	return Object.is(actual, expected) || actual === expected
		? undefined
		: `${at}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`;
}

function parsed(request: FuzzRequest): Lossless | undefined {
	try {
		return parseLossless(request.sent!.meaning.toString('utf8'));
	} catch {
		return undefined;
	}
}

const isSuccess = (request: FuzzRequest) =>
	request.sent?.status !== undefined &&
	request.sent.status >= 200 &&
	request.sent.status < 300 &&
	!request.sent.failure;

function routeName(request: FuzzRequest): string | undefined {
	return routeOf(request.method, request.url.split('?')[0])?.name;
}

function decodedSegment(request: FuzzRequest, index: number): string | undefined {
	const raw = request.url.split('?')[0].split('/')[index];
	try {
		return raw === undefined ? undefined : decodeURIComponent(raw);
	} catch {
		return undefined;
	}
}

/**
 * n8n refused to start the workflow over a static parameter problem (a required field left
 * empty): the editor shows it, `n8n execute` refuses likewise, and the node never ran.
 */
export function startRefused(thrown: unknown): boolean {
	return (thrown as Error | undefined)?.name === 'WorkflowHasIssuesError';
}

export function checkObservation(observation: Observation, settings: CheckSettings): Violation[] {
	const violations: Violation[] = [];
	const add = (cls: string, detail: string) => violations.push({ cls, detail });
	const { fuzzCase, result, record, plan } = observation;
	const key = secretFinder(observation.apiKey, { standAloneBelow: STAND_ALONE_BELOW });
	const roleId = fuzzCase.credentials.roleId.trim();
	const dataContext = { key, roleId, exactBigIds: settings.exactBigIds };
	const isNodeRun = fuzzCase.property === 'sessions' || fuzzCase.property === 'admin';

	// (a) no crash, no hang, no unhandled rejection
	if (observation.hung)
		add('hang', `no end ${Math.round(plan.boundMs + 7000)} ms after the start (bound ${Math.round(plan.boundMs)} ms)`);
	for (const rejection of observation.rejections)
		add('crash:unhandled-rejection', String((rejection as Error)?.stack ?? rejection).slice(0, 300));
	if (observation.thrown !== undefined && isNodeRun && !startRefused(observation.thrown))
		add('crash:engine-threw', String((observation.thrown as Error)?.stack ?? observation.thrown).slice(0, 300));
	if (observation.thrown !== undefined && !isNodeRun) {
		const name = (observation.thrown as Error)?.name;
		if (name !== 'NodeApiError' && name !== 'NodeOperationError')
			add('error:not-node-error', `${fuzzCase.operation} threw ${name}: ${(observation.thrown as Error)?.message}`);
	}

	// Error texts a user sees.
	// Descriptions may hold technical detail (a socket error's code): the message may not.
	const messages: Array<{ itemIndex?: number; message: string; httpCode?: string }> = [];
	const runError = result?.error;
	// n8n's stop: the run ends with n8n's own cancellation error, whatever the node was doing.
	const inputs = Math.max(1, fuzzCase.items.length);
	const stopAt = Math.min(fuzzCase.cancelAfterMs ?? Infinity, Math.min(plan.boundMs + 2_000, 120_000));
	const stopped =
		isNodeRun &&
		(observation.runaway || observation.elapsedMs >= stopAt - 5 || runError?.name === 'ManualExecutionCancelledError');
	if (runError && !(stopped && runError.name === 'ManualExecutionCancelledError')) {
		const itemIndex = (runError.context as { itemIndex?: number } | undefined)?.itemIndex;
		messages.push({ itemIndex, message: String(runError.message ?? ''), httpCode: runError.httpCode ?? undefined });
		if (runError.name !== 'NodeApiError' && runError.name !== 'NodeOperationError')
			add('error:not-node-error', `the run failed with ${runError.name ?? 'a plain error'}: ${runError.message}`);
	}
	const outputs: INodeExecutionData[] = result?.items ?? [];
	for (const output of outputs) {
		if (typeof output.json.error === 'string')
			messages.push({ itemIndex: (output.pairedItem as { item?: number })?.item, message: output.json.error });
	}
	if (observation.thrown !== undefined && !startRefused(observation.thrown))
		messages.push({ message: String((observation.thrown as Error)?.message ?? observation.thrown) });
	if (observation.credentialTest?.status === 'Error') messages.push({ message: observation.credentialTest.message });
	for (const { message } of messages) {
		const internal = INTERNAL_MESSAGE.exec(message);
		if (internal) add('error:internal-message', `"${message.slice(0, 160)}" (${internal[0]})`);
	}

	// (a) outputs: one per input in order and paired, or one run error
	if (isNodeRun && result && !observation.hung) {
		if (stopped) {
			const cancelledItems = outputs.filter((output) => /cancel/i.test(String(output.json.error ?? ''))).length;
			if (cancelledItems > Math.max(1, plan.concurrency))
				add(
					'oracle:stop-writes-error-per-item',
					`${cancelledItems} "cancelled" error items after n8n's stop (concurrency ${plan.concurrency})`,
				);
		} else if (runError) {
			if (outputs.length > 0) add('shape:error-and-items', `a run error and ${outputs.length} items`);
		} else {
			const paired = outputs.map((output) => (output.pairedItem as { item?: number } | undefined)?.item);
			const pairingOk = outputs.every((output) => {
				const pairedItem = output.pairedItem as { item?: number } | undefined;
				return pairedItem && typeof pairedItem.item === 'number' && Object.keys(pairedItem).length === 1;
			});
			if (!pairingOk)
				add('shape:pairing', `pairedItem ${JSON.stringify(outputs.map((output) => output.pairedItem)).slice(0, 120)}`);
			if (LIST_OPERATIONS.has(fuzzCase.operation)) {
				const ordered = paired.every(
					(index, position) =>
						index !== undefined && index >= 0 && index < inputs && (position === 0 || index >= paired[position - 1]!),
				);
				if (!ordered) add('shape:order', `list outputs paired ${JSON.stringify(paired).slice(0, 120)}`);
			} else if (outputs.length !== inputs || paired.some((index, position) => index !== position)) {
				add(
					'shape:one-per-input',
					`${outputs.length} outputs for ${inputs} inputs, paired ${JSON.stringify(paired).slice(0, 120)}`,
				);
			}
		}
	}

	// (b) the key and the password: nowhere in what the user sees or n8n stores
	const scan = (channel: string, value: unknown, finder: SecretFinder, what: string) => {
		const found = findIn(value, finder);
		if (found) add(`${what}:${channel}`, `${found.form} at ${found.at}: ${JSON.stringify(found.text)}`);
		return found !== undefined;
	};
	const finders: Array<[SecretFinder, string]> = [[key, 'key-leak']];
	if (observation.password && observation.password.length >= 4)
		finders.push([secretFinder(observation.password), 'password-leak']);
	// The Role ID, where the case's own inputs do not hold it (a role id `alice` and a user `alice`
	// cannot be told apart: the package hides only the answers' strings that are it).
	if (
		roleId.length >= 4 &&
		!textsIn([fuzzCase.parameters, fuzzCase.items, fuzzCase.world, fuzzCase.search]).some(({ text }) =>
			text.includes(roleId),
		)
	) {
		finders.push([roleFinder(roleId), 'role-leak']);
	}
	for (const [finder, what] of finders) {
		const inOutput = scan('output', outputs, finder, what) || scan('output', observation.search, finder, what);
		const inError =
			scan('error', runError, finder, what) ||
			scan('error', observation.thrown, finder, what) ||
			scan('error', observation.credentialTest, finder, what);
		if (!inOutput && !inError && result) scan('execution-data', result.run.data, finder, what);
		for (const request of record.requests) {
			// Each secret may go in its own header, and nowhere else.
			const { 'x-apikey': sentKey, 'x-su': sentRole, ...otherHeaders } = request.headers;
			const headers =
				what === 'key-leak'
					? { ...otherHeaders, 'x-su': sentRole }
					: what === 'role-leak'
						? { ...otherHeaders, 'x-apikey': sentKey }
						: request.headers;
			const found = findIn({ url: request.rawUrl, body: request.body, headers }, finder);
			if (found)
				add(`${what}:request`, `${request.method} ${request.rawUrl.slice(0, 80)}: ${found.form} at ${found.at}`);
		}
		for (const request of record.foreign) {
			const found = findIn(request, finder);
			if (found)
				add(
					`${what}:foreign-request`,
					`${request.method} ${request.url.slice(0, 80)} to another origin: ${found.form} at ${found.at}`,
				);
		}
	}
	if (record.requests.some((request) => 'authorization' in request.headers))
		add('password-leak:request', "an Authorization header went out (the Base URL's user info)");

	// (c) time and heap
	const allowedMs = isNodeRun ? attemptBoundMs(observation) : plan.rawBoundMs;
	if (observation.elapsedMs > allowedMs * SLACK_FACTOR + SLACK_MS) {
		add(
			'time-bound',
			`${fuzzCase.operation} took ${observation.elapsedMs} ms; its options and the ${record.requests.length} attempts made allow ${Math.round(allowedMs)} ms (+ slack: ${Math.round(allowedMs * SLACK_FACTOR + SLACK_MS)} ms)`,
		);
	}
	if (record.requests.length > plan.maxRequests) {
		add(
			'request-bound',
			`${fuzzCase.operation} sent ${record.requests.length}${observation.runaway ? '+ (stopped)' : ''} requests; its options allow ${plan.maxRequests}`,
		);
	}
	if (observation.heapPeakMb > settings.heapPeakMb)
		add('heap-peak', `${observation.heapPeakMb} MB more heap during the case (bound ${settings.heapPeakMb} MB)`);

	// (d) side effects at most once per item unless answered 429
	if (SIDE_EFFECT_OPERATIONS.has(fuzzCase.operation)) {
		const groups = new Map<string, FuzzRequest[]>();
		for (const request of record.requests) {
			if (request.method !== 'POST') continue;
			const nonce = String(request.headers['x-nonce'] ?? '');
			groups.set(nonce, [...(groups.get(nonce) ?? []), request]);
		}
		for (const [nonce, requests] of groups) {
			const items = plan.items.filter((item) => item.nonce === undefined || item.nonce === nonce).length;
			const notRateLimited = requests.filter((request) => request.sent?.status !== 429);
			if (notRateLimited.length > items) {
				const answers = requests.map((request) => request.sent?.failure ?? request.sent?.status ?? '?').join(', ');
				add(
					'side-effect:repeated',
					`${fuzzCase.operation}: ${notRateLimited.length} POSTs for session ${JSON.stringify(nonce)} reached the API for ${items} item(s), answered ${answers}`,
				);
			}
		}
	}

	// (e) the contract
	for (const outside of record.outsideBasePath)
		add('contract:base-path', `${outside} is not below the Base URL's path ${JSON.stringify(observation.basePath)}`);
	for (const request of record.requests) {
		violations.push(
			...checkRequest(request, { apiKey: observation.apiKey, roleId, identityEncoding: settings.identityEncoding }),
		);
	}

	// (f) data as sent, and the oracles
	if (isNodeRun && result && !stopped) checkNodeData(observation, dataContext, add);
	if (fuzzCase.property === 'pickers' && observation.search) checkPickerData(observation, dataContext, add);
	if (fuzzCase.property === 'credentialTest') {
		if (record.foreign.length > 0)
			add('oracle:credential-test-followed-redirect', `${record.foreign.length} request(s) reached another origin`);
		// n8n sends the test request again after a 401: the verdict is the last answer's.
		const last = record.requests.at(-1);
		const value = last && isSuccess(last) ? parsed(last) : undefined;
		const loginStatus =
			value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof ExactInteger);
		if (observation.credentialTest?.status === 'OK' && last && !loginStatus) {
			add(
				'oracle:credential-test-false-success',
				`"Connection successful" after the answer ${last.sent?.status ?? last.sent?.failure} ${String(last.sent?.headers['content-type'] ?? '')} (${JSON.stringify(last.sent?.behaviour)})`,
			);
		}
	}
	return dedupe(violations);
}

/** Of the mismatches with each candidate answer, the one deepest in the data: the likeliest to be the item's own answer. */
function closest(problems: Array<string | undefined>): string {
	const depth = (problem: string) => problem.split(':')[0].split(/[.[]/).length;
	return (
		[...problems]
			.filter((problem): problem is string => problem !== undefined)
			.sort((a, b) => depth(b) - depth(a))[0] ?? ''
	);
}

/** At most three of a class: one case may break the same promise for many items or requests. */
function dedupe(violations: Violation[]): Violation[] {
	const counts = new Map<string, number>();
	return violations.filter((violation) => {
		const count = (counts.get(violation.cls) ?? 0) + 1;
		counts.set(violation.cls, count);
		return count <= 3;
	});
}

type Add = (cls: string, detail: string) => void;
type DataContext = { key: SecretFinder; roleId: string; exactBigIds: boolean };

/**
 * The time the node may take for the attempts the server saw: each attempt its Timeout (an attempt
 * on a kept-alive socket found closed fails at once and is not counted), each retried
 * request its Max Retry Wait (and, after any 429, a pool pause of at most Timeout per request),
 * each wait its Wait Timeout — the checks of a wait are inside the wait. Items in parallel when
 * Concurrency allows, one after another otherwise.
 */
function attemptBoundMs(observation: Observation): number {
	const { plan, fuzzCase, record } = observation;
	const rateLimited = record.requests.some((request) => request.sent?.status === 429);
	const bounds = plan.items.map((item, index) => {
		if (item.refused) return 0;
		const { requests } = requestsOfItem(observation, index);
		const calls = item.waitMs > 0 ? requests.filter((request) => request.method === 'POST') : requests;
		const perTarget = new Map<string, number>();
		for (const request of calls)
			perTarget.set(`${request.method} ${request.url}`, (perTarget.get(`${request.method} ${request.url}`) ?? 0) + 1);
		const retried = [...perTarget.values()].filter((count) => count > 1).length;
		const pauses = rateLimited ? Math.max(1, perTarget.size) * Math.min(item.timeoutMs, item.maxRetryWaitMs) : 0;
		return calls.length * (item.timeoutMs + 50) + retried * item.maxRetryWaitMs + pauses + item.waitMs;
	});
	let bound = plan.concurrency >= bounds.length ? Math.max(0, ...bounds) : bounds.reduce((sum, each) => sum + each, 0);
	if (fuzzCase.cancelAfterMs !== undefined) bound = Math.min(bound, fuzzCase.cancelAfterMs + 1_000);
	return bound;
}

/** The requests that belong to input item `index`, and whether no other item's requests look the same. */
function requestsOfItem(observation: Observation, index: number): { requests: FuzzRequest[]; alone: boolean } {
	const { fuzzCase, record } = observation;
	const parameters = fuzzCase.parameters as Json;
	const inputs = fuzzCase.items.length > 0 ? fuzzCase.items : [{}];
	const read = (value: unknown, json: Json) => {
		const evaluated = evaluate(value, json);
		return typeof evaluated === 'string' || typeof evaluated === 'number' ? String(evaluated).trim() : undefined;
	};
	const locatorValue = (name: string, json: Json) => read((parameters[name] as Json | undefined)?.value, json);
	const identity = (json: Json): string | undefined => {
		if (fuzzCase.operation === 'getTransactionResult') return read(parameters.transactionId, json);
		if (fuzzCase.node === 'nextAuthSessions') return read(parameters.nonce, json);
		if (parameters.accountId) return locatorValue('accountId', json);
		if (parameters.userId) return locatorValue('userId', json);
		return 'list';
	};
	const mine = identity(inputs[index] as Json);
	const alone = mine !== undefined && inputs.every((json, other) => other === index || identity(json as Json) !== mine);
	const belongs = (request: FuzzRequest) => {
		if (mine === undefined) return true;
		if (fuzzCase.operation === 'getTransactionResult') return decodedSegment(request, 4) === mine;
		if (fuzzCase.node === 'nextAuthSessions') {
			// The approval's own reads name no session: they follow its POST.
			return (
				request.headers['x-nonce'] === mine || (fuzzCase.operation === 'createTransaction' && request.method === 'GET')
			);
		}
		if (mine === 'list') return true;
		return decodedSegment(request, 4) === mine;
	};
	return { requests: record.requests.filter(belongs), alone };
}

function checkNodeData(observation: Observation, context: DataContext, add: Add): void {
	const { fuzzCase, result, plan, record } = observation;
	const operation = fuzzCase.operation;
	const outputs = result!.items;
	const parameters = fuzzCase.parameters as Json;
	const inputs = Math.max(1, fuzzCase.items.length);
	const anyFailure = record.requests.some((request) => request.sent?.failure !== undefined);
	const waits = WAIT_TOGGLES[operation] !== undefined && parameters[WAIT_TOGGLES[operation]] === true;

	for (let index = 0; index < inputs; index++) {
		const { requests, alone } = requestsOfItem(observation, index);
		const mine = outputs.filter((output) => (output.pairedItem as { item?: number } | undefined)?.item === index);
		const errorText =
			(mine.find((output) => typeof output.json.error === 'string')?.json.error as string | undefined) ??
			((result!.error?.context as { itemIndex?: number } | undefined)?.itemIndex === index ||
			(inputs === 1 && result!.error)
				? String(result!.error?.message ?? '')
				: undefined);
		const answered = requests.filter(
			(request) => request.sent?.status !== undefined || request.sent?.failure !== undefined,
		);
		const last = answered.at(-1);

		if (errorText !== undefined) {
			if (!alone) continue;
			// An answer that is valid (once decoded) refused as not JSON: a BOM, a compressed body, a corrupted redaction.
			if (/not valid JSON|not a JSON object/.test(errorText) && last && isSuccess(last)) {
				const how = last.sent!.behaviour.do;
				// A body compressed without saying so cannot be read by any client: refusing it is right.
				const unlabelled = requests.some(
					(request) => request.sent?.behaviour.do === 'encode' && !request.sent.behaviour.labelled,
				);
				const readable =
					!unlabelled &&
					(how === 'real' ||
						how === 'delay' ||
						how === 'rewrite' ||
						(how === 'encode' && last.sent!.behaviour.labelled));
				const value = parsed(last);
				if (readable && value !== null && typeof value === 'object' && !Array.isArray(value)) {
					add(
						'oracle:valid-answer-refused',
						`${operation}: "${errorText.slice(0, 100)}" for a valid JSON answer (${how}${how === 'rewrite' || how === 'encode' ? ` ${JSON.stringify(last.sent!.behaviour)}` : ''})`,
					);
				}
			}
			if (
				/^Could not reach/.test(errorText) &&
				!/timed out/.test(errorText) &&
				!anyFailure &&
				!fuzzCase.credentials.baseUrl.userinfo
			) {
				add(
					'oracle:network-error-without-fault',
					`${operation}: "${errorText.slice(0, 140)}" although the server broke no connection (${record.requests.length} requests received)`,
				);
			}
			if (waits) {
				const pushed = requests.some((request) => request.method === 'POST' && isSuccess(request));
				if (pushed && /server error \(5\d\d\)|Too many requests \(429\)|Could not reach|timed out/.test(errorText)) {
					add(
						'oracle:wait-ended-by-transient-check',
						`${operation}: the wait ended as an error after the call succeeded: "${errorText.slice(0, 120)}"`,
					);
				}
			}
			const status = last?.sent?.status;
			if (last && status !== undefined && status >= 300 && status < 400 && !last.sent!.failure) {
				if (!/redirect/i.test(errorText))
					add('oracle:redirect-unexplained', `${operation}: a ${status} became "${errorText.slice(0, 120)}"`);
				if (/redirect-secret|query-secret|mover/.test(errorText))
					add('oracle:redirect-target-shows-userinfo-or-query', `"${errorText.slice(0, 160)}"`);
			}
			continue;
		}

		const successes = requests.filter(isSuccess);
		const json = mine[0]?.json;
		if (!json) continue;

		if (operation === 'getSession') {
			const candidates = successes
				.filter((request) => routeName(request) === 'getSession')
				.map(parsed)
				.filter((value) => value !== undefined);
			const problems = candidates.map((candidate) => differs(json, candidate!, context));
			if (candidates.length > 0 && problems.every(Boolean)) add('fidelity:getSession', closest(problems));
		}

		if (operation === 'getQrLogin') {
			const bytes = observation.binaries.get(outputs.indexOf(mine[0]));
			const candidates = successes.filter((request) => routeName(request) === 'getQrLogin');
			if (bytes && candidates.length > 0 && !candidates.some((request) => request.sent!.meaning.equals(bytes))) {
				const how = candidates.map((request) => JSON.stringify(request.sent!.behaviour)).join(' / ');
				add(
					'fidelity:qr',
					`the QR file (${bytes.length} bytes, starts ${bytes.subarray(0, 4).toString('hex')}) is not the answer's content (${how})`,
				);
			}
			if (bytes && json.bytes !== bytes.length)
				add('fidelity:qr', `bytes ${String(json.bytes)} for a file of ${bytes.length}`);
			if (bytes && json.format === 'raw' && json.loginqrdata !== bytes.toString('base64'))
				add('fidelity:qr', 'loginqrdata is not the file as base64');
		}

		if (['account.get', 'account.block', 'account.unblock', 'account.setUser'].includes(operation)) {
			const candidates = successes
				.filter((request) => ['getAccount', 'updateAccount', 'updateAccountUser'].includes(routeName(request) ?? ''))
				.map(parsed)
				.filter((value) => value !== undefined);
			const problems = candidates.map((candidate) => differs(json, candidate!, context));
			if (candidates.length > 0 && problems.every(Boolean)) add(`fidelity:${operation}`, closest(problems));
		}

		if (operation === 'getTransactionResult' || (operation === 'createTransaction' && waits)) {
			const candidates = successes.filter((request) => routeName(request) === 'getTransactionResult').map(parsed);
			const statuses = candidates
				.map((candidate) => (candidate as { tstatus?: unknown } | undefined)?.tstatus)
				.map((tstatus) => (typeof tstatus === 'string' ? STATUSES[tstatus] : undefined));
			if (
				candidates.length > 0 &&
				!statuses.includes(json.status as string) &&
				!(operation === 'createTransaction' && json.status === 'pending')
			) {
				add(
					'fidelity:transaction-result',
					`status ${JSON.stringify(json.status)}; the API said ${JSON.stringify(candidates.map((candidate) => (candidate as { tstatus?: unknown })?.tstatus))}`,
				);
			}
		}

		if (operation === 'createTransaction') {
			const tids = successes
				.filter((request) => routeName(request) === 'createTransaction')
				.map((request) => (parsed(request) as { tid?: unknown } | undefined)?.tid);
			if (tids.length > 0 && !tids.includes(json.transactionId))
				add(
					'fidelity:createTransaction',
					`transactionId ${JSON.stringify(json.transactionId)}; the API said ${JSON.stringify(tids)}`,
				);
		}

		const writes =
			SIDE_EFFECT_OPERATIONS.has(operation) ||
			['logout', 'account.delete', 'user.delete', 'user.deleteAccounts'].includes(operation);
		if (writes && alone) {
			const write = successes.find((request) => request.method === 'POST' || request.method === 'DELETE');
			const type = String(write?.sent?.headers['content-type'] ?? '');
			// A page is what reads as one: a body that opens with `<`. The label alone does not decide
			// (servers label JSON text/html too), as the package documents.
			if (
				write &&
				write
					.sent!.meaning.toString('utf8')
					.replace(/^\uFEFF/, '')
					.trimStart()
					.startsWith('<')
			) {
				add(
					'oracle:success-on-non-api-answer',
					`${operation} reported ${JSON.stringify(json).slice(0, 60)} for a 200 ${type || 'without Content-Type'} page`,
				);
			}
		}

		if (waits && operation !== 'createTransaction') {
			// Each login-status field shown must be as one check's answer had it (a wait that ended
			// on failing checks may show none).
			const statuses = successes
				.filter((request) => routeName(request) === 'getSession')
				.map(parsed)
				.filter((value) => value !== null && typeof value === 'object' && !Array.isArray(value));
			const own = new Set(['success', 'confirmed', 'waitedMs', 'lastCheckError']);
			const subset = (candidate: Lossless) => {
				const fields = candidate as Record<string, Lossless>;
				const shown = Object.entries(json).filter(([field]) => !own.has(field));
				for (const [field, value] of shown) {
					if (!(field in fields)) return `$.${field}: shown, but not in the login status`;
					const problem = differs(value, fields[field], context, `$.${field}`);
					if (problem) return problem;
				}
				return undefined;
			};
			const problems = statuses.map((candidate) => subset(candidate!));
			if (statuses.length > 0 && problems.every(Boolean)) add('fidelity:wait-status', closest(problems));
		}

		if (LIST_OPERATIONS.has(operation)) {
			const field = operation === 'user.getAll' ? 'users' : 'accounts';
			const pages = successes
				.filter((request) => ['getAllAccounts', 'getUsers', 'getUser'].includes(routeName(request) ?? ''))
				.map(parsed);
			const entries = pages.flatMap(
				(page) => ((page as Record<string, Lossless> | undefined)?.[field] as Lossless[] | undefined) ?? [],
			);
			const shown = mine.map((output) => output.json);
			if (alone && plan.items.length === 1) {
				for (let position = 0; position < shown.length; position++) {
					const problem =
						position < entries.length
							? differs(shown[position], entries[position], context, `$[${position}]`)
							: `$[${position}]: more entries than the API sent`;
					if (problem) {
						add(`fidelity:${operation}`, problem);
						break;
					}
				}
			}
			const idField = field === 'users' ? 'userid' : 'id';
			const seen = new Set<string>();
			const repeated = shown
				.map((entry) => JSON.stringify(entry[idField]))
				.filter((id) => seen.size === seen.add(id).size);
			if (repeated.length > 0)
				add(
					'oracle:paging-duplicates',
					`${operation}: ${shown.length} entries, ${repeated.length} repeated (e.g. ${repeated[0]}); paging ${fuzzCase.server.paging}`,
				);
		}
	}
}

function checkPickerData(observation: Observation, context: DataContext, add: Add): void {
	const { fuzzCase, record, search } = observation;
	const users = fuzzCase.operation === 'searchUsers';
	const pages = record.requests.filter(isSuccess).map(parsed);
	const entries = pages.flatMap(
		(page) =>
			((page as Record<string, Lossless> | undefined)?.[users ? 'users' : 'accounts'] as Lossless[] | undefined) ?? [],
	);
	const digits = (id: Lossless) => (id instanceof ExactInteger ? id.digits : String(id));
	const expected = entries.flatMap((entry) => {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry) || entry instanceof ExactInteger) return [];
		const fields = entry as Record<string, Lossless>;
		if (users)
			return typeof fields.userid === 'string' ? [{ name: fields.userid, value: fields.userid, anyName: false }] : [];
		const id = digits(fields.id ?? null);
		const owner = fields.userid ? ` (${String(fields.userid)})` : '';
		const label = (typeof fields.description === 'string' && fields.description) || `Account ${id}`;
		// A field that is the Role ID as a whole may be replaced: the label made of it may differ.
		const anyName =
			Boolean(context.roleId) && (fields.description === context.roleId || fields.userid === context.roleId);
		return [{ name: `${label}${owner} · #${id}`, value: id, anyName }];
	});
	for (const result of search!.results) {
		const matches = expected.some(
			(candidate) =>
				!differs(result.value, candidate.value, context) &&
				(candidate.anyName || !differs(result.name, candidate.name, context)),
		);
		if (!matches)
			add(
				'fidelity:picker',
				`${fuzzCase.operation} offers ${JSON.stringify(result).slice(0, 120)}, which the API did not send`,
			);
	}
	if (search!.paginationToken !== undefined && !/^\d+$/.test(String(search!.paginationToken))) {
		add('oracle:picker-token', `pagination token ${JSON.stringify(search!.paginationToken)}`);
	}
}
