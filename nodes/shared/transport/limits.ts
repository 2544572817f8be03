/**
 * Every bound the transport keeps, in one place. Each one exists so that nothing the package does
 * can hang without a deadline or grow without a bound, whatever the network or the input does.
 */

/** A request's deadline when the node sets none (the Timeout option's default). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The longest Timeout accepted: ten minutes, far above any nextAuth call. */
export const MAX_TIMEOUT_MS = 600_000;

/** The most bytes read of a JSON answer (a login status, a page of 100 users is a few KB). */
export const MAX_JSON_BYTES = 1024 * 1024;
/**
 * The most bytes read of a QR answer. A login QR PNG at the largest size the node asks for
 * (2000 px) is tens of KB: 2 MB leaves room for any encoder.
 */
export const MAX_QR_BYTES = 2 * 1024 * 1024;

/** Concurrency, in flight at once per run; the connection pool holds as many sockets per origin. */
export const MAX_CONCURRENCY = 100;
/** Max Retries: each retry of a 429/503 is another request to an API that asked for less. */
export const MAX_RETRIES = 10;
/** Max Retry Wait: an hour, the longest a retrying item may sit waiting. */
export const MAX_RETRY_WAIT_MS = 3_600_000;
/** A 429 pauses the whole credential's pool at most this long, whatever Retry-After says. */
export const MAX_POOL_PAUSE_MS = 60_000;

/** setTimeout fires at once for anything longer (2^31 - 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A pool with no request for this long is closed and forgotten. */
export const POOL_IDLE_MS = 60_000;
