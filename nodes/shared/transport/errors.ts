/**
 * Error mapping, in one place: HTTP statuses and network failures become a human sentence, and
 * then a NodeApiError. Nothing here ever includes request headers, and every text that came from
 * the API is redacted before it is cut or shown, so the API key and role id cannot travel inside
 * an error.
 */
import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import type { NextAuthCredentials } from './credentials';
import { parseJson } from './json';
import { NO_REDACTION, redactorFor, type Redact } from './redaction';

export { redactorFor, type Redact } from './redaction';

/** A refusal by n8n's egress filter (its SsrfBlockedIpError and SsrfBlockedHostnameError). */
export function isEgressRefusal(error: unknown): error is Error & { ip?: string; hostname?: string } {
	return error instanceof Error && /^Ssrf.*Error$/.test(error.name);
}

export interface FailedRequest {
	permission: string;
	notFound?: string;
	/** A call's own sentence for an error status, given the API's words; undefined for the usual one. */
	explain?: (statusCode: number, apiMessage: string | undefined) => string | undefined;
}

const MAX_API_MESSAGE_LENGTH = 300;

/** Values quoted in messages (ids, nonces) are cut to this many characters. */
const MAX_QUOTED_LENGTH = 60;

/** A value for a message: in quotes, and shortened when long (a 100 KB user id must not fill a message). */
export function quote(value: string): string {
	if (value.length <= MAX_QUOTED_LENGTH) return `"${value}"`;
	return `"${value.slice(0, MAX_QUOTED_LENGTH)}…" (${value.length} characters)`;
}

/**
 * The API's own words from an error body: a JSON `message`/`error` field, or short plain text.
 * Redacted before it is cut, so no part of a secret survives at the cut; a JSON body is parsed
 * before it is redacted, so escapes cannot hide the key.
 */
function apiMessageOf(contentType: string, body: Buffer, redact: Redact): string | undefined {
	const text = body.toString('utf8').trim();
	if (!text) return undefined;
	if (contentType.includes('json')) {
		try {
			const parsed = redact.data(parseJson(text), text);
			if (parsed && typeof parsed === 'object') {
				const { message, error } = parsed as Record<string, unknown>;
				const found = [message, error].find((value) => typeof value === 'string');
				if (found) return (found as string).slice(0, MAX_API_MESSAGE_LENGTH);
			}
		} catch {
			// not JSON after all: fall through to the plain text
		}
	}
	if (contentType.startsWith('text/') || contentType.includes('json')) {
		return redact.answerText(text).slice(0, MAX_API_MESSAGE_LENGTH);
	}
	return undefined;
}

/** The answer announced or sent more than `limit` bytes (decoded, when it came compressed); what came was not kept. */
export class AnswerTooLargeError extends Error {
	constructor(readonly limit: number) {
		super(`The answer is larger than ${limit} bytes`);
		this.name = 'AnswerTooLargeError';
	}
}

/** The answer came with a Content-Encoding (although `identity` was asked for) that could not be undone. */
export class AnswerEncodingError extends Error {
	constructor(
		readonly encoding: string,
		readonly reason: 'unsupported' | 'corrupt',
	) {
		super(`The answer's Content-Encoding ${encoding} could not be decoded (${reason})`);
		this.name = 'AnswerEncodingError';
	}
}

/** The API answered with a non-2xx status. */
export class NextAuthHttpError extends Error {
	readonly apiMessage: string | undefined;

	/** Retries made before giving up (429 and 503 only). */
	retries = 0;

	readonly retryAfter: string | undefined;

	/** Said after the sentence, in brackets, e.g. why no retry was made. */
	note?: string;

	constructor(
		readonly request: FailedRequest,
		readonly statusCode: number,
		contentType: string,
		body: Buffer,
		retryAfter: string | string[] | undefined,
		redact: Redact,
	) {
		super(`nextAuth API answered ${statusCode}`);
		this.name = 'NextAuthHttpError';
		this.apiMessage = apiMessageOf(contentType, body, redact);
		this.retryAfter = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
	}

	/**
	 * A request that was not sent because an earlier 429 paused the credential's requests for
	 * longer than this request may wait (its Timeout, Max Retries or Max Retry Wait).
	 */
	static pausedByRateLimit(request: FailedRequest, remainingMs: number): NextAuthHttpError {
		const error = new NextAuthHttpError(request, 429, '', Buffer.alloc(0), undefined, NO_REDACTION);
		const seconds = Math.ceil(remainingMs / 1000);
		error.note = `not sent: an earlier 429 paused this credential's requests for another ${seconds} s, longer than this request may wait`;
		return error;
	}

	/** The sentence, plus how many retries were made when there were any. */
	get fullSentence(): string {
		const retries = this.retries === 1 ? '1 retry' : `${this.retries} retries`;
		const notes = [this.retries > 0 && `gave up after ${retries}`, this.note].filter(Boolean);
		return notes.length > 0 ? `${this.sentence} (${notes.join('; ')})` : this.sentence;
	}

	/** One sentence a workflow builder can act on. */
	get sentence(): string {
		return this.request.explain?.(this.statusCode, this.apiMessage) ?? statusSentence(this.statusCode, this.request);
	}
}

/** What an error status means for a call, as one sentence a workflow builder can act on. */
export function statusSentence(statusCode: number, request: FailedRequest): string {
	switch (statusCode) {
		case 400:
			return 'The nextAuth API rejected the request as invalid (400)';
		case 401:
			return 'The API key was refused (401): check the API key in the NextAuth credential';
		case 403:
			return `Permission denied (403): this call needs the '${request.permission}' permission on the API key's role (or on the credential's Role ID)`;
		case 404:
			return `Not found (404): ${request.notFound ?? 'check the server ID'}`;
		case 429:
			return 'Too many requests (429): the nextAuth API is rate limiting, try again later';
		default:
			if (isRedirect(statusCode)) return redirectSentence(statusCode, undefined);
			return statusCode >= 500
				? `The nextAuth API had a server error (${statusCode}), try again later`
				: `The nextAuth API answered with an unexpected status (${statusCode})`;
	}
}

/** 3xx statuses that send the client elsewhere (304 Not Modified does not: it answers a conditional request). */
export function isRedirect(statusCode: number): boolean {
	return statusCode >= 300 && statusCode < 400 && statusCode !== 304;
}

/**
 * A redirect, which the package never follows (it would carry the API key to wherever the
 * answer points). `target` is the origin the Location names, when it names one.
 */
export function redirectSentence(statusCode: number, target: string | undefined): string {
	const to = target ? ` to ${target}` : '';
	return `The nextAuth API answered with a redirect (${statusCode})${to}: the Base URL probably points at the wrong place`;
}

/** Network error codes in words. Codes stay out of the message: n8n would swap it for a generic text. */
const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed unexpectedly',
	UND_ERR_SOCKET: 'the connection was closed unexpectedly',
	ENOTFOUND: 'its host name could not be resolved',
	EAI_AGAIN: 'its host name could not be resolved',
	UND_ERR_CONNECT_TIMEOUT: 'connecting took too long',
	UND_ERR_CLOSED: 'the connection was closed unexpectedly',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

const TLS_FAILURE = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/** No HTTP answer: bad base URL, connection failure, timeout or cancellation. */
export class NextAuthNetworkError extends Error {
	constructor(
		message: string,
		/** The low-level error, for the error's details. */
		readonly detail?: string,
	) {
		super(message);
		this.name = 'NextAuthNetworkError';
	}

	/** n8n cancelled the execution while a request or a wait was under way. */
	static cancelled() {
		return new NextAuthNetworkError('The request was cancelled');
	}

	/** n8n's egress (SSRF) filter refused the base URL, an address it resolved to, or the proxy. */
	static refusedByEgress(error: Error & { ip?: string; hostname?: string; proxy?: string }, baseUrl: URL) {
		const host = baseUrl.hostname.replace(/^\[|\]$/g, '');
		let target = error.hostname ?? error.ip ?? host;
		if (error.proxy) target = `the proxy ${error.proxy}`;
		else if (error.ip && error.ip !== host) target = `${host} (${error.ip})`;
		return new NextAuthNetworkError(
			`n8n's SSRF protection does not allow requests to ${target}; an admin can allow it with N8N_SSRF_ALLOWED_IP_RANGES or N8N_SSRF_ALLOWED_HOSTNAMES`,
			error.message,
		);
	}

	static from(
		error: unknown,
		baseUrl: URL,
		settings: { timeoutMs: number; cancellation?: { cancelled: boolean } },
	): NextAuthNetworkError | NextAuthResponseError {
		if (error instanceof NextAuthNetworkError) return error;
		const where = `the nextAuth API at ${baseUrl.origin}`;
		const { name, code, message } = (error ?? {}) as { name?: string; code?: string; message?: string };
		const detail = [code, message].filter(Boolean).join(': ') || String(error);
		if (settings.cancellation?.cancelled) return NextAuthNetworkError.cancelled();
		if (isEgressRefusal(error)) return NextAuthNetworkError.refusedByEgress(error, baseUrl);
		if (error instanceof AnswerTooLargeError) {
			const megabytes = Math.round((error.limit / 1024 / 1024) * 10) / 10;
			return new NextAuthNetworkError(
				`The answer of ${where} was larger than ${megabytes} MB, the most this call reads: it was not read and the connection was closed`,
			);
		}
		if (error instanceof AnswerEncodingError) return NextAuthResponseError.undecodable(error);
		// undici's own header and body timeouts say the same as the node's deadline.
		if (
			name === 'TimeoutError' ||
			name === 'AbortError' ||
			code === 'UND_ERR_HEADERS_TIMEOUT' ||
			code === 'UND_ERR_BODY_TIMEOUT'
		) {
			return new NextAuthNetworkError(`The request to ${where} timed out after ${settings.timeoutMs} ms`);
		}
		const failure =
			(code && NETWORK_FAILURES[code]) ??
			(TLS_FAILURE.test(detail) ? 'its TLS certificate was not accepted' : 'the request failed');
		return new NextAuthNetworkError(`Could not reach ${where}: ${failure}`, detail);
	}
}

/** The API answered 2xx, but not with what the call expects (e.g. a session that is not JSON). */
export class NextAuthResponseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NextAuthResponseError';
	}

	/**
	 * A 2xx answer that is a web page: the API answers JSON, bytes or nothing, never HTML. A Base
	 * URL that reaches a web console or a captive portal gets 200 and a page for every call, so a
	 * write must not be reported done on such an answer.
	 */
	static webPage(statusCode: number): NextAuthResponseError {
		return new NextAuthResponseError(
			`The answer (${statusCode}) was a web page, not the nextAuth API's: the Base URL in the NextAuth credential probably points at a web page, a proxy or a captive portal rather than the nextAuth API`,
		);
	}

	static undecodable({ encoding, reason }: AnswerEncodingError): NextAuthResponseError {
		const why = reason === 'unsupported' ? 'an encoding this node cannot decode' : 'it could not be decoded';
		return new NextAuthResponseError(
			`The nextAuth API answered with a body compressed as "${encoding}" although none was asked for, and ${why}: the answer was not used`,
		);
	}
}

export type NextAuthError = NextAuthHttpError | NextAuthNetworkError | NextAuthResponseError;

/**
 * The message, description and status of an error, with the API key replaced in every spelling.
 * An HTTP error's API message was redacted when the error was made (before it was cut); the
 * sentences are redacted too, as they may quote an id the item gave.
 */
export function describeFailure(
	error: NextAuthError,
	credentials: NextAuthCredentials,
): { message: string; description?: string; httpCode?: string } {
	const redact = redactorFor(credentials);
	if (error instanceof NextAuthHttpError) {
		const description = error.apiMessage === undefined ? undefined : redact.text(error.apiMessage);
		return { message: redact.text(error.fullSentence), description, httpCode: String(error.statusCode) };
	}
	const detail = error instanceof NextAuthNetworkError ? error.detail : undefined;
	return { message: redact.text(error.message), description: detail && redact.text(detail) };
}

export function isNextAuthError(error: unknown): error is NextAuthError {
	return (
		error instanceof NextAuthHttpError ||
		error instanceof NextAuthNetworkError ||
		error instanceof NextAuthResponseError
	);
}

export function toNodeApiError(
	node: INode,
	error: NextAuthError,
	credentials: NextAuthCredentials,
	itemIndex?: number,
): NodeApiError {
	const { message, description, httpCode } = describeFailure(error, credentials);
	// A plain object as the "response": NodeApiError keeps it as the cause, and it holds no request options.
	const response: JsonObject = { message, ...(httpCode && { httpCode }) };
	if (description) response.description = description;
	return new NodeApiError(node, response, { message, description, httpCode, itemIndex });
}
