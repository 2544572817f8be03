/** When and how long to wait before sending a refused request again. */

export interface RetryPolicy {
	/** Retries after the first attempt; 0 turns retrying off. */
	maxRetries: number;
	/** The most time spent waiting between attempts of one request, in milliseconds. */
	maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, maxWaitMs: 60_000 };

/** Back-off when the API gives no Retry-After: 1 s, 2 s, 4 s… */
const BASE_DELAY_MS = 1_000;

/** 429 (rate limited) and 503 (unavailable) say "try again later"; every other error is final. */
export function shouldRetry(statusCode: number): boolean {
	return statusCode === 429 || statusCode === 503;
}

/** Retry-After in seconds or as an HTTP date; exponential back-off when absent or unreadable. */
export function retryDelay(retryAfter: string | undefined, attempt: number, now = Date.now()): number {
	const value = retryAfter?.trim();
	if (value) {
		if (/^\d+$/.test(value)) return Number(value) * 1000;
		const date = Date.parse(value);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	return BASE_DELAY_MS * 2 ** attempt;
}
