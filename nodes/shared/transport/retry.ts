/** When and how long to wait before sending a refused request again. */
import { MAX_TIMER_MS } from './limits';

export interface RetryPolicy {
	/** Retries after the first attempt; 0 turns retrying off. */
	maxRetries: number;
	/** The most time spent waiting between attempts of one request, in milliseconds. */
	maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, maxWaitMs: 60_000 };

/** Back-off when the API gives no usable Retry-After: 1 s, 2 s, 4 s… */
const BASE_DELAY_MS = 1_000;

/**
 * Whether sending a request twice has the effect of sending it once: GET, PUT and DELETE are
 * (RFC 9110, 9.2.2); POST is not (a push, an approval request, a logout), unless the call says so.
 */
export function isIdempotent(method: string, override?: boolean): boolean {
	return override ?? method !== 'POST';
}

/**
 * 429 (rate limited) and 503 (unavailable) say "try again later"; every other error is final.
 * A 429 says the request was refused unprocessed, so any request is sent again. A 503 can come
 * after the API acted (a proxy or gateway giving up on a slow answer, a server failing after its
 * work): only an idempotent request is sent again, never a write.
 */
export function shouldRetry(statusCode: number, idempotent: boolean): boolean {
	return statusCode === 429 || (statusCode === 503 && idempotent);
}

/**
 * Retry-After as whole seconds or as an HTTP date (RFC 9110); anything else — decimals,
 * negative numbers, garbage — falls back to exponential back-off. Never more than a timer can
 * hold; the caller compares it with Max Retry Wait.
 */
export function retryDelay(retryAfter: string | undefined, attempt: number, now = Date.now()): number {
	const value = retryAfter?.trim() ?? '';
	let delay = BASE_DELAY_MS * 2 ** attempt;
	if (/^\d+$/.test(value)) {
		delay = Number(value) * 1000;
	} else if (/^[A-Za-z]{3,9},? /.test(value)) {
		// An HTTP date always starts with a day name ("Sun, 06 Nov 1994…", "Sunday, 06-Nov-94…", "Sun Nov  6…").
		const date = Date.parse(value);
		if (!Number.isNaN(date)) delay = Math.max(0, date - now);
	}
	return Math.min(delay, MAX_TIMER_MS);
}
