/**
 * The one place that speaks HTTP to the nextAuth API.
 *
 * undici rather than n8n's request helpers: those delete the body of GET requests, and the QR-login
 * call is a GET that carries a JSON body (see README, "Why undici").
 */
import type { IDataObject } from 'n8n-workflow';

import { connectionFor, type Connection } from './connections';
import type { NextAuthCredentials } from './credentials';
import { NextAuthHttpError, NextAuthNetworkError, NextAuthResponseError } from './errors';
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

export function parseBaseUrl(baseUrl: string): URL {
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		throw new NextAuthNetworkError(`The base URL "${baseUrl}" is not a valid URL`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new NextAuthNetworkError(`The base URL "${baseUrl}" must start with https:// or http://`);
	}
	return url;
}

// CR/LF and other control characters in a header value could smuggle in more headers.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

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

function abortSignal(settings: RequestSettings): AbortSignal | undefined {
	const signals: AbortSignal[] = [];
	if (settings.signal) signals.push(settings.signal);
	if (settings.timeoutMs) signals.push(AbortSignal.timeout(settings.timeoutMs));
	if (signals.length <= 1) return signals[0];
	return AbortSignal.any(signals);
}

/**
 * Waits `ms`, or rejects as soon as the execution is cancelled. Not n8n-workflow's `sleep`: that
 * one cannot be cancelled, and a stopped execution must not sit out a long Retry-After or poll.
 */
export async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (ms <= 0) return;
	if (signal?.aborted) throw new NextAuthNetworkError('The request was cancelled', 'ABORTED');
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => {
			clearTimeout(timer);
			reject(new NextAuthNetworkError('The request was cancelled', 'ABORTED'));
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

async function sendOnce(
	connection: Connection,
	baseUrl: URL,
	path: string,
	headers: Record<string, string>,
	request: NextAuthRequest,
	body: string | undefined,
	settings: RequestSettings,
): Promise<NextAuthResponse> {
	try {
		const response = await connection.dispatcher.request({
			origin: baseUrl.origin,
			path,
			method: request.method,
			headers,
			body,
			signal: abortSignal(settings),
		});
		const responseBody = Buffer.from(await response.body.arrayBuffer());
		const contentType = String(response.headers['content-type'] ?? '');
		if (response.statusCode >= 200 && response.statusCode < 300) {
			return { statusCode: response.statusCode, contentType, body: responseBody };
		}
		const retryAfter = response.headers['retry-after'];
		throw new NextAuthHttpError(request, response.statusCode, contentType, responseBody, retryAfter);
	} catch (error) {
		if (error instanceof NextAuthHttpError) throw error;
		throw NextAuthNetworkError.from(error, baseUrl, settings);
	}
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
	const baseUrl = parseBaseUrl(credentials.baseUrl);
	const connection = connectionFor(credentials);
	const path = buildPath(baseUrl, settings.serverId, request);
	const body = request.body === undefined ? undefined : JSON.stringify(request.body);
	const headers = requestHeaders(credentials, request, settings, body);
	const retry = settings.retry ?? DEFAULT_RETRY;
	let waitedMs = 0;
	for (let attempt = 0; ; attempt++) {
		await pause(connection.pausedUntil - Date.now(), settings.signal);
		try {
			return await sendOnce(connection, baseUrl, path, headers, request, body, settings);
		} catch (error) {
			if (!(error instanceof NextAuthHttpError) || !shouldRetry(error.statusCode)) throw error;
			const delayMs = retryDelay(error.retryAfter, attempt);
			if (attempt >= retry.maxRetries || waitedMs + delayMs > retry.maxWaitMs) {
				error.retries = attempt;
				throw error;
			}
			if (error.statusCode === 429) {
				connection.pausedUntil = Math.max(connection.pausedUntil, Date.now() + delayMs);
			}
			connection.retries++;
			await pause(delayMs, settings.signal);
			waitedMs += delayMs;
		}
	}
}

/** A JSON object answer (e.g. LoginStatus); anything else is a clear error, not a half-read item. */
export function parseJsonObject(response: NextAuthResponse, what: string): IDataObject {
	let parsed: unknown;
	try {
		parsed = JSON.parse(response.body.toString('utf8'));
	} catch {
		throw new NextAuthResponseError(`The nextAuth API answered with ${what} that is not valid JSON`);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NextAuthResponseError(`The nextAuth API answered with ${what} that is not a JSON object`);
	}
	return parsed as IDataObject;
}
