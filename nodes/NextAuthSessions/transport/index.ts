/**
 * The one place that speaks HTTP to the nextAuth API.
 *
 * undici rather than n8n's request helpers: those delete the body of GET requests, and the QR-login
 * call is a GET that carries a JSON body (see README, "Why undici").
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { connectionFor, type Connection } from './connections';
import type { NextAuthCredentials } from './credentials';
import { NextAuthHttpError, NextAuthNetworkError, NextAuthResponseError } from './errors';
import { exchange, type Answer } from './exchange';
import { DEFAULT_RETRY, retryDelay, shouldRetry, type RetryPolicy } from './retry';

export interface NextAuthRequest {
	method: 'GET' | 'POST';
	/** Path below `/servers/{serverid}`; variable parts go through `pathSegment()`. */
	path: string;
	query?: Record<string, string | number>;
	/** Sent as JSON; leave out for no body at all. */
	body?: IDataObject;
	accept?: string;
	/** The permission(s) the call needs, for the 403 message, e.g. `sessions or users`. */
	permission: string;
	/** What a 404 means for this call, as a sentence. */
	notFound?: string;
}

export interface NextAuthResponse {
	statusCode: number;
	contentType: string;
	body: Buffer;
}

export interface RequestSettings {
	serverId: string;
	/** Sent as X-nonce; every session call needs one. */
	nonce?: string;
	/** Bounds each attempt end to end, response body included. */
	timeoutMs?: number;
	/** n8n's execution-cancel signal. */
	signal?: AbortSignal;
	/** Retries of 429 and 503 answers; DEFAULT_RETRY when not given. */
	retry?: RetryPolicy;
}

/** Encodes one path segment: `/`, `?`, `%`, `+`, `=`… can never leave it. */
export function pathSegment(value: string): string {
	if (value === '' || value === '.' || value === '..') {
		throw new Error(`"${value}" cannot be used as a path segment`);
	}
	return encodeURIComponent(value);
}

export function buildPath(baseUrl: URL, serverId: string, request: NextAuthRequest): string {
	const basePath = baseUrl.pathname.replace(/\/+$/, '');
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries(request.query ?? {})) query.set(name, String(value));
	const search = query.size > 0 ? `?${query.toString()}` : '';
	return `${basePath}/servers/${pathSegment(serverId)}${request.path}${search}`;
}

/** CR/LF and other control characters: in a header value they could smuggle in more headers. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function requestHeaders(
	credentials: NextAuthCredentials,
	request: NextAuthRequest,
	settings: RequestSettings,
	body: string | undefined,
): Record<string, string> {
	// Named, never quoted: these values are secrets.
	for (const [field, value] of [['API Key', credentials.apiKey], ['Role ID', credentials.roleId]]) {
		if (CONTROL_CHARACTERS.test(value)) {
			throw new NextAuthNetworkError(
				`The ${field} of the NextAuth credential contains line breaks or other control characters`,
			);
		}
	}
	const headers: Record<string, string> = {
		'x-apikey': credentials.apiKey,
		accept: request.accept ?? 'application/json',
		'user-agent': 'n8n-nodes-nextauth',
	};
	if (credentials.roleId) headers['x-su'] = credentials.roleId;
	if (settings.nonce !== undefined) headers['x-nonce'] = settings.nonce;
	if (body !== undefined) headers['content-type'] = 'application/json';
	return headers;
}

/**
 * Waits `ms` with n8n's `sleep`, or rejects as soon as the execution is cancelled: a stopped
 * execution must not sit out a long Retry-After or poll interval.
 */
export async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (ms <= 0) return;
	if (signal?.aborted) throw NextAuthNetworkError.cancelled();
	let onAbort = () => {};
	const cancelled = new Promise<never>((_, reject) => {
		onAbort = () => reject(NextAuthNetworkError.cancelled());
		signal?.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), cancelled]);
	} finally {
		signal?.removeEventListener('abort', onAbort);
	}
}

async function sendOnce(
	connection: Connection,
	path: string,
	headers: Record<string, string>,
	request: NextAuthRequest,
	body: string | undefined,
	settings: RequestSettings,
): Promise<NextAuthResponse> {
	const { baseUrl } = connection;
	let answer: Answer;
	try {
		answer = await exchange(
			connection.dispatcher,
			{ origin: baseUrl.origin, path, method: request.method, headers, body },
			settings,
		);
	} catch (error) {
		throw NextAuthNetworkError.from(error, baseUrl, settings);
	}
	const contentType = String(answer.headers['content-type'] ?? '');
	if (answer.statusCode >= 200 && answer.statusCode < 300) {
		return { statusCode: answer.statusCode, contentType, body: answer.body };
	}
	const retryAfter = answer.headers['retry-after'];
	throw new NextAuthHttpError(request, answer.statusCode, contentType, answer.body, retryAfter);
}

/**
 * Sends one request and reads the whole answer, retrying 429 and 503 as the retry policy allows
 * (a 429 makes every request of the same connection wait). Resolves only for 2xx; throws
 * `NextAuthHttpError` for an error status and `NextAuthNetworkError` when no answer could be had.
 */
export async function sendNextAuthRequest(
	credentials: NextAuthCredentials,
	request: NextAuthRequest,
	settings: RequestSettings,
): Promise<NextAuthResponse> {
	const connection = connectionFor(credentials);
	const path = buildPath(connection.baseUrl, settings.serverId, request);
	const body = request.body === undefined ? undefined : JSON.stringify(request.body);
	const headers = requestHeaders(credentials, request, settings, body);
	const retry = settings.retry ?? DEFAULT_RETRY;
	let waitedMs = 0;
	for (let attempt = 0; ; attempt++) {
		await pause(connection.pausedUntil - Date.now(), settings.signal);
		// Settled into a result rather than caught: what is thrown from here on is decided outside
		// a catch block (n8n's lint allows only NodeApiError/NodeOperationError to be thrown in one).
		const attempted = await sendOnce(connection, path, headers, request, body, settings).then(
			(response) => ({ response, error: undefined }),
			(error: unknown) => ({ response: undefined, error }),
		);
		const { response, error } = attempted;
		if (response) return response;
		if (!(error instanceof NextAuthHttpError) || !shouldRetry(error.statusCode)) throw error;
		const delayMs = retryDelay(error.retryAfter, attempt);
		if (attempt >= retry.maxRetries || waitedMs + delayMs > retry.maxWaitMs) {
			error.retries = attempt;
			throw error;
		}
		if (error.statusCode === 429) {
			connection.pausedUntil = Math.max(connection.pausedUntil, Date.now() + delayMs);
		}
		await pause(delayMs, settings.signal);
		waitedMs += delayMs;
	}
}

/** A JSON object answer (e.g. LoginStatus); anything else is a clear error, not a half-read item. */
export function parseJsonObject(response: NextAuthResponse, what: string): IDataObject {
	const NOT_JSON = Symbol('not JSON');
	let parsed: unknown;
	try {
		parsed = JSON.parse(response.body.toString('utf8'));
	} catch {
		parsed = NOT_JSON;
	}
	if (parsed === NOT_JSON) {
		throw new NextAuthResponseError(`The nextAuth API answered with ${what} that is not valid JSON`);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NextAuthResponseError(`The nextAuth API answered with ${what} that is not a JSON object`);
	}
	return parsed as IDataObject;
}
