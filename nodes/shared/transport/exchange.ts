/**
 * One request and its whole answer, over undici's low-level `dispatch`.
 *
 * Why not `dispatcher.request()` with `AbortSignal.timeout()`: in bulk runs (thousands of items)
 * that costs a response stream and a live timer per request, more CPU time and heap than the
 * requests themselves (figures: docs/performance.md). Here the answer's chunks are collected
 * directly, and one timer serves the deadlines of all requests in flight.
 */
import { sleep } from 'n8n-workflow';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- undici: see docs/architecture.md, "Why undici"
import type { Dispatcher } from 'undici';

import type { Cancellation } from './cancellation';
import { contentCodings, decodedBody } from './encoding';
import { AnswerTooLargeError } from './errors';
import { Slots } from './slots';

export interface Answer {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

export interface ExchangeLimits {
	/** From dispatch (waiting for a free socket included) to the answer's last byte. */
	timeoutMs: number;
	/** The most bytes of answer body read, and kept once decoded; past it the connection is dropped. */
	maxBytes: number;
	cancellation?: Cancellation;
}

/**
 * How far one exchange got: what decides whether it may be sent again without doing twice what
 * the API may have done once.
 */
export interface ExchangeProgress {
	/**
	 * undici began writing the request on a connection (the API may have received it). undici 7
	 * calls `onRequestStart` only where it writes a request on a connected socket, right before
	 * the write, in the same tick (its `onRequestSent` is not passed on to handlers of this
	 * interface); a failure to connect (refused, DNS, TLS, egress) comes without it.
	 */
	written: boolean;
	/** The answer's status line and headers arrived. */
	answered: boolean;
}

/** The longest the deadline timer sleeps, so it stops soon after the last request is done. */
const DEADLINE_CHECK_MS = 100;

interface Deadline {
	at: number;
	expire: () => void;
}

/** The deadlines of all attempts in flight in this n8n process, watched by one timer loop. */
const deadlines = new Slots<Deadline>();
let watching = false;

async function watchDeadlines(): Promise<void> {
	// Stryker disable next-line ConditionalExpression: only how many timer loops run at once; each deadline expires once either way
	if (watching) return;
	// Stryker disable next-line BooleanLiteral: as above
	watching = true;
	try {
		while (deadlines.size > 0) {
			const now = Date.now();
			let earliest = now + DEADLINE_CHECK_MS;
			for (const [deadline, remove] of deadlines.entries()) {
				// Stryker disable next-line EqualityOperator: a deadline due now expires on the next turn, a moment later
				if (deadline.at <= now) {
					remove();
					deadline.expire();
				} else {
					earliest = Math.min(earliest, deadline.at);
				}
			}
			// Stryker disable next-line ConditionalExpression,EqualityOperator: at most one more sleep, then the loop ends
			if (deadlines.size > 0) await sleep(earliest - now);
		}
	} finally {
		watching = false;
	}
}

/** Calls `expire` after `ms` unless the returned function is called first. */
function deadline(ms: number, expire: () => void): () => void {
	const remove = deadlines.add({ at: Date.now() + ms, expire });
	void watchDeadlines();
	return remove;
}

/** The Content-Length, as a number: NaN when there is none or it is no number (then no answer is refused for it). */
function announcedLength(headers: Answer['headers']): number {
	const value = headers['content-length'];
	return Number(Array.isArray(value) ? value[0] : value);
}

/** Keeps the answer's status, headers and chunks up to a size; settles once, when the exchange ends. */
class AnswerCollector implements Dispatcher.DispatchHandler {
	private controller?: Dispatcher.DispatchController;
	private abortReason?: Error;
	private statusCode = 0;
	private headers: Answer['headers'] = {};
	private readonly chunks: Buffer[] = [];
	private received = 0;

	constructor(
		private readonly maxBytes: number,
		private readonly resolve: (answer: Answer) => void,
		private readonly reject: (error: unknown) => void,
		private readonly progress: ExchangeProgress,
	) {}

	/** Ends the exchange with `reason`, whether or not undici has started it yet. */
	abort(reason: Error): void {
		this.abortReason ??= reason;
		this.chunks.length = 0;
		if (this.controller) this.controller.abort(reason);
		else this.reject(reason);
	}

	onRequestStart(controller: Dispatcher.DispatchController): void {
		this.controller = controller;
		if (this.abortReason) {
			controller.abort(this.abortReason);
			return;
		}
		this.progress.written = true;
	}

	onResponseStart(_: Dispatcher.DispatchController, statusCode: number, headers: Answer['headers']): void {
		this.progress.answered = true;
		this.statusCode = statusCode;
		this.headers = headers;
		// Refused before reading: a Content-Length of 10 GB is not worth a single chunk.
		if (announcedLength(headers) > this.maxBytes) this.tooLarge();
	}

	onResponseData(_: Dispatcher.DispatchController, chunk: Buffer): void {
		// Stryker disable next-line ConditionalExpression: the answer was settled at the abort; what is kept after it is dropped with the collector
		if (this.abortReason) return;
		this.received += chunk.length;
		if (this.received > this.maxBytes) {
			this.tooLarge();
			return;
		}
		this.chunks.push(chunk);
	}

	/**
	 * Stops reading an answer past the cap and drops the connection. A success is refused; an
	 * error status is kept without its body (isErrorAnswer): its status says what happened, and a
	 * 429 or 503 is still retried.
	 */
	private tooLarge(): void {
		const error = new AnswerTooLargeError(this.maxBytes);
		if (isErrorAnswer(this.statusCode))
			this.resolve({ statusCode: this.statusCode, headers: this.headers, body: Buffer.alloc(0) });
		this.abort(error);
	}

	onResponseEnd(): void {
		this.resolve({ statusCode: this.statusCode, headers: this.headers, body: Buffer.concat(this.chunks) });
	}

	onResponseError(_: Dispatcher.DispatchController, error: Error): void {
		this.reject(this.abortReason ?? error);
	}
}

/** Not a success (2xx): an answer whose status alone says what happened. */
function isErrorAnswer(statusCode: number): boolean {
	// Stryker disable next-line ConditionalExpression: undici passes no answer below 200 on (1xx are interim)
	return statusCode < 200 || statusCode >= 300;
}

/**
 * Sends `options` and resolves with the whole answer. Rejects with undici's error when the
 * exchange fails, with a `TimeoutError` after `timeoutMs` (response body included), with an
 * `AnswerTooLargeError` for a 2xx body past `maxBytes` (also once decoded; an error status keeps
 * its status, without the body), with an `AnswerEncodingError` for a 2xx body that cannot be
 * decoded, and with an `AbortError` as soon as the run is cancelled.
 * `progress` is kept up to date while it runs (see ExchangeProgress).
 */
export async function exchange(
	dispatcher: Dispatcher,
	options: Dispatcher.DispatchOptions,
	limits: ExchangeLimits,
	progress: ExchangeProgress,
): Promise<Answer> {
	const { timeoutMs, maxBytes, cancellation } = limits;
	let collector: AnswerCollector | undefined;
	const answer = new Promise<Answer>((resolve, reject) => {
		collector = new AnswerCollector(maxBytes, resolve, reject, progress);
		dispatcher.dispatch(options, collector);
	});
	// Stryker disable next-line StringLiteral: the name is what is read (NextAuthNetworkError.from)
	const cancel = () => collector?.abort(new DOMException('The request was cancelled', 'AbortError'));
	const forgetCancel = cancellation?.onCancel(cancel) ?? (() => {});
	if (cancellation?.cancelled) cancel();
	const clearDeadline = deadline(timeoutMs, () =>
		// Stryker disable next-line StringLiteral: the name is what is read (NextAuthNetworkError.from)
		collector?.abort(new DOMException('The request timed out', 'TimeoutError')),
	);
	let received: Answer;
	try {
		received = await answer;
	} finally {
		clearDeadline();
		forgetCancel();
	}
	return await decoded(received, maxBytes);
}

/**
 * The answer with any Content-Encoding undone (see encoding.ts). An error status whose body
 * cannot be decoded, or decodes past the cap, keeps its status, without the body: the status
 * says enough, and a 429 or 503 is still retried.
 */
async function decoded(answer: Answer, maxBytes: number): Promise<Answer> {
	const sent = contentCodings(answer.headers['content-encoding']);
	// Stryker disable next-line ConditionalExpression: only saves work: no coding leaves the body as it is
	if (sent.length === 0) return answer;
	const codings = sent.map((coding) => coding.toLowerCase());
	const named = sent.join(', ');
	// decodedBody fails only with AnswerEncodingError or AnswerTooLargeError.
	const body = await decodedBody(answer.statusCode, codings, answer.body, maxBytes, named).catch((error: unknown) => {
		if (isErrorAnswer(answer.statusCode)) return Buffer.alloc(0);
		throw error;
	});
	return { ...answer, body };
}
