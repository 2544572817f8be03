/** Waiting after a call until something happens in the user's app: read the settings, then poll. */
import type { ItemContext } from '../../shared/helpers/interfaces';
import type { ReadParameter } from '../../shared/helpers/parameters';
import type { ParameterCheck } from '../../shared/helpers/validation';
import { POLL_INTERVAL_RANGE, WAIT_TIMEOUT_RANGE } from '../descriptions/wait.description';

export interface WaitSettings {
	timeoutMs: number;
	intervalMs: number;
}

/** Wait Timeout and Poll Interval, checked, when the switch `toggle` is on; undefined when it is off. */
export function readWait(parameter: ReadParameter, check: ParameterCheck, toggle: string): WaitSettings | undefined {
	if (!parameter(toggle, false)) return undefined;
	const seconds = (label: string, name: string, fallback: number, range: { min: number; max: number }) =>
		check.numberInRange(label, parameter(name, fallback), { ...range, unit: 'seconds' }) * 1000;
	return {
		timeoutMs: seconds('Wait Timeout', 'waitTimeout', 120, WAIT_TIMEOUT_RANGE),
		intervalMs: seconds('Poll Interval', 'pollInterval', 2, POLL_INTERVAL_RANGE),
	};
}

export interface PollOutcome<T> {
	/** The last check's value; undefined when no check succeeded. */
	value?: T;
	done: boolean;
	waitedMs: number;
	/** When the wait ended on failed checks: the last failure's sentence. */
	lastCheckError?: string;
}

/**
 * Checks with `check` until it reports done, or until another interval would pass the Wait
 * Timeout; waits with `item.wait`, which n8n's stop ends at once. Wait Timeout bounds the whole
 * wait, each check included: `check` gets the wait's end as the deadline of its requests (their
 * attempts and retry waits). A check that fails for a passing reason (network, timeout, 5xx,
 * 429) does not end the wait: the next check comes at the next interval. Any other failure
 * (401, 403, 404, an answer that is not what the API sends, a cancellation) ends it at once.
 */
export async function pollUntil<T>(
	settings: WaitSettings,
	item: Pick<ItemContext, 'wait' | 'passingFailure'>,
	check: (deadline: number) => Promise<{ value: T; done: boolean }>,
): Promise<PollOutcome<T>> {
	const started = Date.now();
	const deadline = started + settings.timeoutMs;
	let value: T | undefined;
	let lastCheckError: string | undefined;
	for (;;) {
		// Settled rather than caught: a failure that ends the wait is thrown outside a catch block.
		const checked = await check(deadline).then(
			(result) => ({ result, error: undefined }),
			(error: unknown) => ({ result: undefined, error }),
		);
		if (checked.result) {
			value = checked.result.value;
			lastCheckError = undefined;
			if (checked.result.done) return { value, done: true, waitedMs: Date.now() - started };
		} else {
			lastCheckError = item.passingFailure(checked.error);
			if (lastCheckError === undefined) throw checked.error;
		}
		const waitedMs = Date.now() - started;
		if (waitedMs + settings.intervalMs > settings.timeoutMs) {
			return { value, done: false, waitedMs, ...(lastCheckError !== undefined && { lastCheckError }) };
		}
		await item.wait(settings.intervalMs);
	}
}
