/**
 * The invariants of issue 19, checked on every case, and a few oracles that follow from the
 * issue's fixes. Each violation has a class (what kind of promise broke) and a detail (where).
 *
 * (a) one output per input, in order and paired — or one run error; never a crash, an unhandled
 *     rejection or a hang;
 * (b) the API key nowhere in outputs, errors, execution data, nor in any request but in the
 *     X-apikey header to the Base URL's host, in any encoding; the Base URL's password likewise;
 * (c) the time within the bound the options allow, plus slack; the heap within a bound;
 * (d) a side effect (a POST) reaches the server at most once per item, unless answered 429; an
 *     idempotent call is sent again after a 503 while its retries allow;
 * (e) every request valid for the contract, and one of the calls its operation makes; a refusal
 *     before any request names the field to fix;
 * (f) data that does not hold the key comes out as the server sent it; API keys listed masked;
 *     a key the API created shown only in the output of Create API Key.
 */
import type { IDataObject, INodeExecutionData, INodeProperties, INodeType } from 'n8n-workflow';

import { packageModule } from '../harness/n8nEngine';
import { checkRequest, OPERATION_ROUTES, routeOf, SETTABLE_SERVER_FIELDS } from './contract';
import { ExactInteger, parseLossless, type Lossless } from './lossless';
import type { Violation } from './model';
import { evaluate, SIDE_EFFECT_OPERATIONS, SLACK_FACTOR, SLACK_MS, WAIT_TOGGLES } from './plan';
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

/**
 * Operations whose answers are about roles (servers' owners, permissions, API keys, users'
 * roles): role ids in them are the data asked for and pass unchanged, the credential's own Role
 * ID included. Their outputs are compared with the answers strictly and not searched for it.
 */
const ROLE_DATA_OPERATIONS = new Set([
	'server.get',
	'server.getAll',
	'server.create',
	'server.update',
	'permission.getAll',
	'permission.get',
	'apiKey.getAll',
	'apiKey.create',
	'user.getRole',
	'user.getOrCreateRole',
]);

/** The fields the nodes show (and the credential's), by their labels: what a refusal before any request names first. */
let fieldLabels: Set<string> | undefined;
function knownFieldLabels(): Set<string> {
	if (fieldLabels) return fieldLabels;
	const labels = new Set<string>();
	const collect = (
		properties: Array<INodeProperties | { displayName?: string; values?: unknown; options?: unknown }>,
	) => {
		for (const property of properties) {
			if (typeof property.displayName === 'string') labels.add(property.displayName);
			for (const children of [(property as { values?: unknown }).values, (property as { options?: unknown }).options])
				if (Array.isArray(children)) collect(children as INodeProperties[]);
		}
	};
	for (const [module, name] of [
		['nodes/NextAuth/NextAuth.node', 'NextAuth'],
		['nodes/NextAuthSessions/NextAuthSessions.node', 'NextAuthSessions'],
	]) {
		const type = packageModule<Record<string, new () => INodeType>>(module)[name];
		collect(new type().description.properties);
	}
	const credential = packageModule<Record<string, new () => { properties: INodeProperties[] }>>(
		'credentials/NextAuthApi.credentials',
	).NextAuthApi;
	collect(new credential().properties);
	fieldLabels = labels;
	return labels;
}

/**
 * Whether a refusal names a field the user can fix: it starts with the field's label (`Label: …`,
 * `Label › Part: …`), or says `The <label> …` (the credential's fields), in any case.
 */
function namesField(message: string): boolean {
	const labels = knownFieldLabels();
	const head = /^(.+?): /s.exec(message)?.[1]?.split(' › ')[0];
	if (head !== undefined && labels.has(head)) return true;
	const lower = message.toLowerCase();
	return [...labels].some((label) => lower.startsWith(`the ${label.toLowerCase()} `));
}

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

/** A parameter's value for an item as the node reads an id: a number as its digits, text as it is (not trimmed). */
function idValue(value: unknown, json: Json): string | undefined {
	const evaluated = evaluate(value, json);
	return typeof evaluated === 'string' || typeof evaluated === 'number' ? String(evaluated) : undefined;
}

/** A text parameter as the node reads it (trimmed), for an item; undefined when it cannot be told. */
function textValue(value: unknown, json: Json): string | undefined {
	return idValue(value, json)?.trim();
}

/** The query parameter `name` of a request, decoded. */
function queryValue(request: FuzzRequest, name: string): string | undefined {
	return new URLSearchParams(request.url.split(/\?(.*)/s)[1] ?? '').get(name) ?? undefined;
}

/** A request's JSON body, or undefined. */
function bodyOf(request: FuzzRequest): unknown {
	try {
		return request.body === null ? undefined : (JSON.parse(request.body) as unknown);
	} catch {
		return undefined;
	}
}

/** What tells the side effects of items apart: from a request, and from an item (undefined: it cannot be told). */
interface SideEffectTarget {
	what: string;
	ofRequest: (request: FuzzRequest) => string;
	ofItem: (observation: Observation, index: number, json: Json) => string | undefined;
}

const SESSION_TARGET: SideEffectTarget = {
	what: 'session',
	ofRequest: (request) => String(request.headers['x-nonce'] ?? ''),
	ofItem: (observation, index) => observation.plan.items[index]?.nonce,
};

/** The administration's creations, told apart by what each item creates. */
const SIDE_EFFECT_TARGETS: Record<string, SideEffectTarget> = {
	'server.create': {
		what: 'server name',
		ofRequest: (request) => String((bodyOf(request) as { serverName?: unknown } | undefined)?.serverName ?? ''),
		ofItem: ({ fuzzCase }, _, json) => textValue(fuzzCase.parameters.serverName, json),
	},
	'apiKey.create': {
		what: 'description',
		ofRequest: (request) => queryValue(request, 'description') ?? '',
		ofItem: ({ fuzzCase }, _, json) => textValue(fuzzCase.parameters.description, json),
	},
	'user.getOrCreateRole': {
		what: 'user',
		ofRequest: (request) => decodedSegment(request, 4) ?? '',
		ofItem: ({ fuzzCase }, _, json) => idValue((fuzzCase.parameters.userId as Json | undefined)?.value, json),
	},
};

/** The calls the case's operation may make (OPERATION_ROUTES), with Privileged Attributes as the item says. */
function operationRoutes(fuzzCase: Observation['fuzzCase']): string[] | undefined {
	const routes = OPERATION_ROUTES[fuzzCase.operation];
	const privileged = fuzzCase.parameters.privileged;
	if (!routes || !fuzzCase.operation.startsWith('server.') || (privileged !== true && privileged !== 'true'))
		return routes;
	return routes.map((route) =>
		route.replace('ServerAttributes', 'PrivilegedAttributes').replace(/ServerAttribute$/, 'PrivilegedAttribute'),
	);
}

/** The keys the API created in the case: each Create API Key answer that carried one. */
function createdKeys(requests: FuzzRequest[]): string[] {
	return requests
		.filter((request) => routeName(request) === 'createApiKey' && request.sent?.status === 200)
		.map((request) => (parsed(request) as { apikey?: unknown } | undefined)?.apikey)
		.filter((apikey): apikey is string => typeof apikey === 'string' && apikey.length >= 4);
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
	const roleData = ROLE_DATA_OPERATIONS.has(fuzzCase.operation);
	// Where role ids are data, a string that is the Role ID must come out as it is (no exception for it).
	const dataContext = { key, roleId: roleData ? '' : roleId, exactBigIds: settings.exactBigIds };
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
			// One item per entry of a list (LISTS), in the order of the inputs.
			if (LISTS[fuzzCase.operation]) {
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
		// Role ids are the data of the role answers: their items (and so the execution data) may hold the Role ID.
		const shown = what === 'role-leak' && roleData ? outputs.filter((output) => 'error' in output.json) : outputs;
		const inOutput = scan('output', shown, finder, what) || scan('output', observation.search, finder, what);
		const inError =
			scan('error', runError, finder, what) ||
			scan('error', observation.thrown, finder, what) ||
			scan('error', observation.credentialTest, finder, what);
		if (!inOutput && !inError && result && !(what === 'role-leak' && roleData))
			scan('execution-data', result.run.data, finder, what);
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

	// A key the API created: shown in Create API Key's own output by design, nowhere else, never in an error.
	for (const created of createdKeys(record.requests)) {
		const finder = secretFinder(created, { standAloneBelow: STAND_ALONE_BELOW });
		const others = outputs.map((output) =>
			fuzzCase.operation === 'apiKey.create' && !('error' in output.json) ? { ...output.json, apikey: '' } : output,
		);
		scan('output', others, finder, 'created-key-leak');
		if (!scan('error', runError, finder, 'created-key-leak'))
			scan('error', observation.thrown, finder, 'created-key-leak');
	}

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
		const target = SIDE_EFFECT_TARGETS[fuzzCase.operation] ?? SESSION_TARGET;
		const groups = new Map<string, FuzzRequest[]>();
		for (const request of record.requests) {
			if (request.method !== 'POST') continue;
			const name = target.ofRequest(request);
			groups.set(name, [...(groups.get(name) ?? []), request]);
		}
		const inputs = fuzzCase.items.length > 0 ? fuzzCase.items : [{}];
		for (const [name, requests] of groups) {
			const items = inputs.filter((json, index) => {
				const mine = target.ofItem(observation, index, json as Json);
				return mine === undefined || mine === name;
			}).length;
			const notRateLimited = requests.filter((request) => request.sent?.status !== 429);
			if (notRateLimited.length > items) {
				const answers = requests.map((request) => request.sent?.failure ?? request.sent?.status ?? '?').join(', ');
				add(
					'side-effect:repeated',
					`${fuzzCase.operation}: ${notRateLimited.length} POSTs for ${target.what} ${JSON.stringify(name)} reached the API for ${items} item(s), answered ${answers}`,
				);
			}
		}
	}

	// (e) the contract
	for (const outside of record.outsideBasePath)
		add('contract:base-path', `${outside} is not below the Base URL's path ${JSON.stringify(observation.basePath)}`);
	const routes = operationRoutes(fuzzCase);
	for (const request of record.requests) {
		violations.push(
			...checkRequest(request, { apiKey: observation.apiKey, roleId, identityEncoding: settings.identityEncoding }),
		);
		const route = routeName(request);
		if (route && routes && !routes.includes(route))
			add(
				'contract:wrong-call',
				`${fuzzCase.operation} sent ${request.method} ${request.url} (${route}), not ${routes.join(' or ')}`,
			);
	}
	// A refusal before any request says which field to fix: it starts with the field's name.
	if (isNodeRun && result && !stopped && record.requests.length === 0) {
		for (const { message } of messages) {
			if (!namesField(message))
				add('error:refusal-names-no-field', `${fuzzCase.operation}: "${message.slice(0, 140)}" before any request`);
		}
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
	const identity = (json: Json): string | undefined => {
		if (fuzzCase.operation === 'getTransactionResult') return read(parameters.transactionId, json);
		if (fuzzCase.node === 'nextAuthSessions') return read(parameters.nonce, json);
		if (parameters.accountId) return read((parameters.accountId as Json).value, json);
		// User and role ids are taken as given: ` alice ` is not `alice`.
		if (parameters.userId) return idValue((parameters.userId as Json).value, json);
		if (parameters.roleId !== undefined) return idValue(parameters.roleId, json);
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

/**
 * Items that show one answer (or one request) of their operation: the calls read (the
 * operation's own when not said), what of the item is compared (all of it when not said) with
 * what of the answer or the request (the answer as sent when not said). The item must be as one
 * of the candidates has it, given the key's exceptions.
 */
interface Shows {
	routes?: string[];
	item?: (json: Json) => unknown;
	sent?: (answer: Lossless | undefined, request: FuzzRequest) => Lossless | undefined;
}

/** A field of an answer that is a JSON object. */
const field = (answer: Lossless | undefined, name: string): Lossless | undefined =>
	answer !== null && typeof answer === 'object' && !Array.isArray(answer) && !(answer instanceof ExactInteger)
		? answer[name]
		: undefined;

const ACCOUNT_ANSWER: Shows = { routes: ['getAccount', 'updateAccount', 'updateAccountUser'] };
const ROLE_ANSWER: Shows = { item: (json) => json.role, sent: (answer) => field(answer, 'role') };
/** The last path segment, decoded: the attribute key deleted. */
const lastSegment = (request: FuzzRequest) => {
	const segments = request.url.split('?')[0].split('/');
	return decodedSegment(request, segments.length - 1);
};
const ATTRIBUTES_SHOWN: Record<string, Shows> = {
	getAttributes: { item: (json) => json.attributes },
	setAttributes: { item: (json) => json.attributes, sent: (_, request) => bodyOf(request) as Lossless },
	updateAttributes: { item: (json) => json.attributes, sent: (_, request) => bodyOf(request) as Lossless },
	deleteAttribute: { item: (json) => json.key, sent: (_, request) => lastSegment(request) },
};

const SHOWS: Record<string, Shows> = {
	getSession: {},
	'account.get': ACCOUNT_ANSWER,
	'account.block': ACCOUNT_ANSWER,
	'account.unblock': ACCOUNT_ANSWER,
	'account.setUser': ACCOUNT_ANSWER,
	'server.get': {},
	'server.create': {},
	// An empty answer says the update was made: no candidate, the whole-object check below stands.
	'server.update': { routes: ['updateServer'] },
	'user.getRole': ROLE_ANSWER,
	'user.getOrCreateRole': ROLE_ANSWER,
	'apiKey.create': {
		item: (json) => ({ apikey: json.apikey, role: json.role }),
		sent: (answer) => ({ apikey: field(answer, 'apikey') ?? null, role: field(answer, 'role') ?? null }),
	},
	'permission.set': {
		item: (json) => ({ role: json.role, permissions: json.permissions }),
		sent: (_, request) => ({ role: decodedSegment(request, 4) ?? null, permissions: bodyOf(request) as Lossless }),
	},
	'permission.revoke': { item: (json) => json.role, sent: (_, request) => decodedSegment(request, 4) },
	...Object.fromEntries(
		['user', 'server', 'global'].flatMap((resource) =>
			Object.entries(ATTRIBUTES_SHOWN)
				// A user's Delete Attribute shows `{ deleted: true }` alone.
				.filter(([operation]) => resource !== 'user' || operation !== 'deleteAttribute')
				.map(([operation, shows]) => [`${resource}.${operation}`, shows]),
		),
	),
};

/** The names of a permission's comma-separated `acl`, trimmed, empty ones left out (contract: Permission). */
const aclNames = (acl: Lossless | undefined) =>
	typeof acl === 'string'
		? acl
				.split(',')
				.map((name) => name.trim())
				.filter(Boolean)
		: [];

/** How Get Many API Keys shows a key it masks: `…` and the last 4 characters, or `…` alone for 8 characters or fewer. */
function masked(apikey: string): string {
	const characters = [...apikey];
	return characters.length <= 8 ? '…' : `…${characters.slice(-4).join('')}`;
}

/**
 * Operations with one item per entry of a list: the field of the answers that lists them, what
 * tells entries apart (the paged lists: for duplicates across pages; the others are one answer), each
 * entry as its item shows it, and a field the item adds that an entry changed by the redaction
 * cannot predict (`key`: the key's exceptions).
 */
interface ListShape {
	field: string;
	id?: string;
	shown?: (entry: Lossless, showKeys: boolean, key: SecretFinder) => Lossless;
	derived?: string;
}
const LISTS: Record<string, ListShape> = {
	'account.getAll': { field: 'accounts', id: 'id' },
	'user.getAll': { field: 'users', id: 'userid' },
	'user.getAccounts': { field: 'accounts', id: 'id' },
	'server.getAll': { field: 'servers', id: 'serverid' },
	'permission.getAll': { field: 'permissions', shown: withNames, derived: 'permissions' },
	'permission.get': { field: 'permissions', shown: withNames, derived: 'permissions' },
	'apiKey.getAll': {
		field: 'apikeys',
		shown: (entry, showKeys, key) => {
			const apikey = field(entry, 'apikey');
			if (showKeys || apikey === undefined) return entry;
			// A key that is not text is masked whole; one the redaction changed first is masked as changed: its end is not the answer's.
			if (typeof apikey !== 'string') return { ...(entry as Record<string, Lossless>), apikey: '…' };
			if (key.mayHold(apikey)) return entry;
			return { ...(entry as Record<string, Lossless>), apikey: masked(apikey) };
		},
	},
};

/** A permission entry with its `acl` as names; an `acl` the redaction changed gives names no one can tell. */
function withNames(entry: Lossless, _: boolean, key: SecretFinder): Lossless {
	const acl = field(entry, 'acl');
	if (typeof acl === 'string' && key.mayHold(acl)) return entry;
	return { ...(entry as Record<string, Lossless>), permissions: aclNames(acl) };
}

/** The HTML blocks, and when each sends its GET body: only when the item sets one. */
const HTML_BLOCKS: Record<string, (parameters: Json) => boolean | undefined> = {
	getLoginHtml: (parameters) => parameters.sendUserContext === true,
	getEnrolHtml: () => false,
	getFooterHtml: (parameters) => {
		const rows = (parameters.footerSessions as { session?: unknown } | undefined)?.session;
		return Array.isArray(rows) && rows.length > 0;
	},
};

/**
 * Update Server sends the Server whole, as read with the changes made (contract: "never a partial
 * object"): each field read goes back as read unless it is one of the Update Fields, and nothing
 * is sent that was neither read nor changed. Checked against every read before each write.
 */
function checkWholeUpdate(observation: Observation, context: DataContext, add: Add): void {
	const { fuzzCase, record } = observation;
	const changed = new Set(Object.keys((fuzzCase.parameters.updateFields as Json | undefined) ?? {}));
	record.requests.forEach((request, position) => {
		if (routeName(request) !== 'updateServer') return;
		const sent = bodyOf(request) as Json | undefined;
		if (sent === undefined || sent === null || typeof sent !== 'object') return;
		const reads = record.requests
			.slice(0, position)
			.filter((read) => routeName(read) === 'getServer' && isSuccess(read))
			.map(parsed)
			.filter((read): read is Record<string, Lossless> => field(read, 'serverid') !== undefined);
		const problems = reads.map((read) => {
			for (const [name, value] of Object.entries(read)) {
				if (changed.has(name)) continue;
				if (!(name in sent)) return `$.${name}: read, not sent back`;
				const problem = differs(sent[name], value, context, `$.${name}`);
				if (problem) return problem;
			}
			const extra = Object.keys(sent).find((name) => !(name in read) && !changed.has(name));
			if (extra !== undefined) return `$.${extra}: sent, but neither read nor changed`;
			const invalid = [...changed].find(
				(name) =>
					name in sent && !(name in read && sent[name] === read[name]) && !SETTABLE_SERVER_FIELDS[name]?.(sent[name]),
			);
			return invalid === undefined
				? undefined
				: `$.${invalid}: ${JSON.stringify(sent[invalid]).slice(0, 60)} is no value of it`;
		});
		if (reads.length > 0 && problems.every(Boolean)) add('oracle:update-not-whole', closest(problems));
	});
}

/**
 * The bodies and queries of the HTML blocks: a GET body only when set (a user context, More
 * Sessions) and then as set, the enrolment's name and user only when given (as literals).
 */
function checkHtmlRequests(observation: Observation, add: Add): void {
	const { fuzzCase, record } = observation;
	const parameters = fuzzCase.parameters as Json;
	const bodySet = HTML_BLOCKS[fuzzCase.operation](parameters);
	const rows = (parameters.footerSessions as { session?: unknown[] } | undefined)?.session;
	for (const request of record.requests) {
		const body = bodyOf(request);
		if (bodySet === false && request.body !== null)
			add(
				'contract:html-body-unset',
				`${fuzzCase.operation} sent a GET body that is not set: ${request.body.slice(0, 80)}`,
			);
		if (bodySet === true && request.body === null)
			add('contract:html-body-missing', `${fuzzCase.operation} sent no GET body, though one is set`);
		const sessions = (body as { sessions?: unknown } | undefined)?.sessions;
		if (Array.isArray(rows) && Array.isArray(sessions) && sessions.length !== rows.length)
			add('contract:html-body', `${sessions.length} sessions in the footer's body for ${rows.length} rows`);
		for (const [name, query] of [
			['enrolName', 'name'],
			['enrolUserId', 'userid'],
		]) {
			const given = parameters[name];
			if (fuzzCase.operation !== 'getEnrolHtml' || (typeof given === 'string' && given.startsWith('='))) continue;
			const expected =
				given === undefined || given === '' ? undefined : name === 'enrolName' ? String(given).trim() : String(given);
			if (queryValue(request, query) !== expected)
				add(
					'contract:html-query',
					`${query}=${JSON.stringify(queryValue(request, query))} for ${name} ${JSON.stringify(given)}`,
				);
		}
	}
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
			if (/not valid JSON|not a JSON object|neither a JSON object/.test(errorText) && last && isSuccess(last)) {
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
			// An idempotent call answered 503 with `Retry-After: 0` is sent again while Max Retries allows.
			const retryable = last?.sent?.behaviour.do === 'status' && last.sent.behaviour.retryAfter === '0';
			if (last && retryable && last.sent!.status === 503 && !SIDE_EFFECT_OPERATIONS.has(operation) && !waits) {
				const attempts = requests.filter((request) => request.method === last.method && request.url === last.url);
				if (/\(503\)/.test(errorText) && attempts.length <= plan.items[index].maxRetries)
					add(
						'oracle:idempotent-not-retried',
						`${operation}: ${last.method} sent ${attempts.length} time(s), Max Retries ${plan.items[index].maxRetries}, ended "${errorText.slice(0, 100)}"`,
					);
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

		const shows = SHOWS[operation];
		if (shows) {
			const routes = shows.routes ?? operationRoutes(fuzzCase) ?? [];
			const candidates = successes
				.filter((request) => routes.includes(routeName(request) ?? ''))
				.map((request) => (shows.sent ?? ((answer) => answer))(parsed(request), request))
				.filter((value) => value !== undefined);
			const problems = candidates.map((candidate) =>
				differs((shows.item ?? ((all) => all))(json), candidate!, context),
			);
			if (candidates.length > 0 && problems.every(Boolean)) add(`fidelity:${operation}`, closest(problems));
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
			[
				'logout',
				'account.delete',
				'user.delete',
				'user.deleteAccounts',
				'permission.set',
				'permission.revoke',
			].includes(operation) ||
			/\.(set|update|delete)Attributes?$/.test(operation);
		if (writes && alone) {
			const write = successes.find((request) => request.method !== 'GET');
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
					if (!(field in fields)) {
						// A field named with the key is shown renamed (as differs() allows).
						if (field.includes('***') && Object.keys(fields).some((name) => context.key.mayHold(name))) continue;
						return `$.${field}: shown, but not in the login status`;
					}
					const problem = differs(value, fields[field], context, `$.${field}`);
					if (problem) return problem;
				}
				return undefined;
			};
			const problems = statuses.map((candidate) => subset(candidate!));
			if (statuses.length > 0 && problems.every(Boolean)) add('fidelity:wait-status', closest(problems));
		}

		const list = LISTS[operation];
		if (list) {
			const routes = operationRoutes(fuzzCase) ?? [];
			const showKeys = parameters.showKeys === true || parameters.showKeys === 'true';
			const listed = (page: Lossless | undefined) => {
				const entries = field(page, list.field);
				return Array.isArray(entries) ? entries : [];
			};
			const answers = successes.filter((request) => routes.includes(routeName(request) ?? '')).map(parsed);
			const shown = mine.map((output) => output.json);
			// A paged list is its pages in order (told apart from other items' pages when alone); one
			// answer's list is all of it, and some answer of the item's must be it.
			const candidates = list.id
				? alone && plan.items.length === 1
					? [answers.flatMap(listed)]
					: []
				: answers.map(listed);
			const problems = candidates.map((entries) => {
				if (!list.id && shown.length < entries.length)
					return `$: ${shown.length} entries of the ${entries.length} sent`;
				for (let position = 0; position < shown.length; position++) {
					if (position >= entries.length) return `$[${position}]: more entries than the API sent`;
					const expected = list.shown?.(entries[position], showKeys, context.key) ?? entries[position];
					// A field the item adds from a part the redaction changed: not compared.
					const { [list.derived ?? '']: _, ...rest } = shown[position];
					const actual = list.derived && field(expected, list.derived) === undefined ? rest : shown[position];
					const problem = differs(actual, expected, context, `$[${position}]`);
					if (problem) return problem;
				}
				return undefined;
			});
			if (candidates.length > 0 && problems.every(Boolean)) add(`fidelity:${operation}`, closest(problems));
			// Listed keys are masked unless Show Full Keys: `…` and at most their last 4 characters.
			for (const entry of operation === 'apiKey.getAll' && !showKeys ? shown : []) {
				const apikey = entry.apikey;
				if (apikey !== undefined && (typeof apikey !== 'string' || !apikey.startsWith('…') || [...apikey].length > 5))
					add(
						'oracle:key-not-masked',
						`Get Many API Keys showed ${JSON.stringify(apikey).slice(0, 80)} without Show Full Keys`,
					);
			}
			const seen = new Set<string>();
			const repeated = list.id
				? shown.map((entry) => JSON.stringify(entry[list.id!])).filter((id) => seen.size === seen.add(id).size)
				: [];
			if (repeated.length > 0)
				add(
					'oracle:paging-duplicates',
					`${operation}: ${shown.length} entries, ${repeated.length} repeated (e.g. ${repeated[0]}); paging ${fuzzCase.server.paging}`,
				);
		}

		if (HTML_BLOCKS[operation]) {
			// Only a page labelled text/html is the block: the item must be one such answer's text.
			const routes = operationRoutes(fuzzCase) ?? [];
			const answers = successes.filter((request) => routes.includes(routeName(request) ?? ''));
			const pages = answers.filter(
				(request) =>
					String(request.sent!.headers['content-type'] ?? '')
						.split(';')[0]
						.trim()
						.toLowerCase() === 'text/html',
			);
			if (answers.length > 0 && pages.length === 0) {
				const types = answers.map((request) => request.sent!.headers['content-type'] || 'no Content-Type');
				add('oracle:html-block-not-html', `${operation} gave an item for 200 answers of ${types.join(', ')}`);
			}
			const problems = pages.map((page) => differs(json, { html: page.sent!.meaning.toString('utf8') }, context));
			if (pages.length > 0 && problems.every(Boolean)) add(`fidelity:${operation}`, closest(problems));
		}
	}
	if (operation === 'server.update') checkWholeUpdate(observation, context, add);
	if (HTML_BLOCKS[operation]) checkHtmlRequests(observation, add);
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
		// Only text is shown: a user id or description that is a list or an object is left out.
		const owner = typeof fields.userid === 'string' && fields.userid ? ` (${fields.userid})` : '';
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
