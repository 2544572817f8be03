/**
 * What a case asks of the node, item by item, as the fuzz reads its parameters: the options in
 * force (Timeout, Max Retries, Max Retry Wait, Concurrency), the nonce and ids, whether a wait
 * follows, and from these the time the node may take.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FuzzCase } from './model';

/** Said by the package: the defaults of the options (nodes/shared/transport/limits.ts, retry.ts). */
const DEFAULTS = { timeoutMs: 30_000, maxRetries: 3, maxRetryWaitMs: 60_000, concurrency: 20 };
/** The largest page the package asks for (nodes/shared/helpers/lists.ts). */
const LIST_PAGE_SIZE = 500;

/** Time the bounds allow beyond what the options say: n8n's own work, timers, a busy machine. */
export const SLACK_MS = 1_000;
export const SLACK_FACTOR = 1.15;

/**
 * Calls whose effect a second request repeats: a second push, a second approval request, a second
 * server, API key or user role. Log Out is a POST too, but logging out twice changes nothing: it
 * may be retried like a GET; so may Set Permissions and Set Attributes (they replace).
 */
export const SIDE_EFFECT_OPERATIONS = new Set([
	'provokeLogin',
	'provokeLoginOnAccount',
	'provokeLoginOnUser',
	'createTransaction',
	'server.create',
	'apiKey.create',
	'user.getOrCreateRole',
]);
export const LIST_OPERATIONS = new Set(['account.getAll', 'user.getAll', 'user.getAccounts', 'server.getAll']);
/** Operations that make more than one request in a row (lists aside): Update Server reads, then writes. */
const REQUESTS_IN_A_ROW: Record<string, number> = { 'server.update': 2 };
export const WAIT_TOGGLES: Record<string, string> = {
	provokeLogin: 'waitForLogin',
	provokeLoginOnAccount: 'waitForLogin',
	provokeLoginOnUser: 'waitForLogin',
	createTransaction: 'waitForDecision',
};

/** A parameter's value for an item, for the forms the generators make; undefined when it cannot be told. */
export function evaluate(value: unknown, json: IDataObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const expression = /^=\{\{\s*(.*?)\s*\}\}$/s.exec(value)?.[1];
	if (expression === undefined) return undefined;
	const field = /^\$json\.([A-Za-z_]\w*)(\s*\+\s*"")?$/.exec(expression);
	if (field) {
		const found = json[field[1]];
		return field[2] ? (found === undefined ? undefined : String(found)) : found;
	}
	if (/^-?\d+(\.\d+)?$/.test(expression)) return Number(expression);
	if (/^"[^"]*"$/.test(expression)) return expression.slice(1, -1);
	return undefined;
}

/** A number option as the package reads it (numbers and numeric text); undefined when it is refused. */
function numberIn(value: unknown, min: number, max: number, whole = false): number | undefined {
	const number = typeof value === 'string' && value.trim() ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < min || number > max) return undefined;
	if (whole && !Number.isInteger(number)) return undefined;
	return number;
}

export interface ItemPlan {
	index: number;
	/** Refused before any request (an option out of range): takes no time. */
	refused: boolean;
	timeoutMs: number;
	maxRetries: number;
	maxRetryWaitMs: number;
	/** Wait for Login / Wait for Decision: its Wait Timeout in ms, 0 without a wait. */
	waitMs: number;
	/** The session the item names (its X-nonce), trimmed, when it can be told. */
	nonce?: string;
	/** The most requests the node needs for the item (pages of a list), retries not counted. */
	logicalRequests: number;
	/** Poll Interval of a wait, in ms. */
	intervalMs: number;
}

export interface CasePlan {
	items: ItemPlan[];
	concurrency: number;
	/** The most time the node may take, slack included; Infinity when the case cannot bound it. */
	boundMs: number;
	/** The same without slack, for the message. */
	rawBoundMs: number;
	/** The most requests the case may send: each logical request with its retries, the wait's checks. */
	maxRequests: number;
}

function listEntries(fuzzCase: FuzzCase): number {
	const { world } = fuzzCase;
	if (fuzzCase.operation === 'user.getAll') return world.users.length + (world.bulkAccounts > 0 ? 5 : 0);
	if (fuzzCase.operation === 'server.getAll') return 1 + (world.admin?.servers.length ?? 0);
	return world.accounts.length + world.bulkAccounts;
}

export function planCase(fuzzCase: FuzzCase): CasePlan {
	const parameters = fuzzCase.parameters as IDataObject;
	const options = (parameters.options ?? {}) as IDataObject;
	const inputs = fuzzCase.items.length > 0 ? fuzzCase.items : [{}];
	const waitToggle = WAIT_TOGGLES[fuzzCase.operation];
	const items = inputs.map((json, index): ItemPlan => {
		const read = (value: unknown) => evaluate(value, json);
		const timeoutMs = options.timeout === undefined ? DEFAULTS.timeoutMs : numberIn(read(options.timeout), 1, 600_000);
		const maxRetries =
			options.maxRetries === undefined ? DEFAULTS.maxRetries : numberIn(read(options.maxRetries), 0, 10, true);
		const maxRetryWaitMs =
			options.maxRetryWait === undefined ? DEFAULTS.maxRetryWaitMs : numberIn(read(options.maxRetryWait), 0, 3_600_000);
		const waiting = waitToggle !== undefined && parameters[waitToggle] === true;
		const waitSeconds = waiting ? numberIn(read(parameters.waitTimeout ?? 120), 1, 3600) : 0;
		const intervalSeconds = waiting ? numberIn(read(parameters.pollInterval ?? 2), 0.2, 60) : 2;
		const nonceValue = read(parameters.nonce);
		let logicalRequests = REQUESTS_IN_A_ROW[fuzzCase.operation] ?? 1;
		if (LIST_OPERATIONS.has(fuzzCase.operation)) {
			const returnAll = parameters.returnAll === true;
			const limit = numberIn(read(parameters.limit ?? 50), 1, 100_000, true) ?? 1;
			const wanted = returnAll ? Infinity : limit;
			const pageSize = Math.min(LIST_PAGE_SIZE, fuzzCase.world.maxPageSize);
			// One page past the end to learn it is the end; one more for a lie found out.
			logicalRequests = Math.ceil(Math.min(listEntries(fuzzCase), wanted) / pageSize) + 2;
		}
		const refused =
			timeoutMs === undefined ||
			maxRetries === undefined ||
			maxRetryWaitMs === undefined ||
			waitSeconds === undefined ||
			intervalSeconds === undefined;
		return {
			index,
			refused,
			timeoutMs: timeoutMs ?? 0,
			maxRetries: maxRetries ?? 0,
			maxRetryWaitMs: maxRetryWaitMs ?? 0,
			waitMs: (waitSeconds ?? 0) * 1000,
			nonce: typeof nonceValue === 'string' || typeof nonceValue === 'number' ? String(nonceValue).trim() : undefined,
			logicalRequests,
			intervalMs: (intervalSeconds ?? 2) * 1000,
		};
	});
	const concurrency =
		options.concurrency === undefined
			? DEFAULTS.concurrency
			: (numberIn(evaluate(options.concurrency, inputs[0]), 1, 100, true) ?? 0);
	const itemBound = (plan: ItemPlan) => {
		if (plan.refused) return 0;
		// Each attempt: its Timeout plus a little for n8n and the loop; retry waits share one budget.
		const perRequest = (plan.maxRetries + 1) * (plan.timeoutMs + 50) + plan.maxRetryWaitMs;
		return plan.logicalRequests * perRequest + plan.waitMs;
	};
	const bounds = items.map(itemBound);
	let rawBoundMs = concurrency >= items.length ? Math.max(0, ...bounds) : bounds.reduce((sum, bound) => sum + bound, 0);
	if (fuzzCase.cancelAfterMs !== undefined) rawBoundMs = Math.min(rawBoundMs, fuzzCase.cancelAfterMs + 1_000);
	// Each logical request: its retries, and once more for a kept-alive connection found closed.
	const maxRequests = items.reduce((sum, plan) => {
		if (plan.refused) return sum;
		const checks = plan.waitMs > 0 ? Math.ceil(plan.waitMs / plan.intervalMs) + 1 : 0;
		return sum + (plan.logicalRequests + checks) * (plan.maxRetries + 2);
	}, 0);
	return { items, concurrency, rawBoundMs, boundMs: rawBoundMs * SLACK_FACTOR + SLACK_MS, maxRequests };
}

/** The bound of the calls whose deadline the node does not take from options (pickers, credential test). */
export function quickBound(fuzzCase: FuzzCase): CasePlan {
	const delays = [...fuzzCase.server.script, fuzzCase.server.rest].reduce(
		(sum, behaviour) => sum + (behaviour.do === 'delay' ? behaviour.ms : 0),
		0,
	);
	const retries = [...fuzzCase.server.script, fuzzCase.server.rest].some(
		(behaviour) => behaviour.do === 'status' && (behaviour.status === 429 || behaviour.status === 503),
	);
	// The pickers retry twice, waiting at most 10 s in all (listSearch.ts); the credential test never retries.
	const rawBoundMs = delays + (fuzzCase.property === 'pickers' && retries ? 10_000 + 3 * 1000 : 1000);
	// The pickers: one page, two retries, once more for a closed kept-alive connection.
	const maxRequests = fuzzCase.property === 'pickers' ? 4 : 2;
	return { items: [], concurrency: 1, rawBoundMs, boundMs: rawBoundMs * SLACK_FACTOR + SLACK_MS, maxRequests };
}
