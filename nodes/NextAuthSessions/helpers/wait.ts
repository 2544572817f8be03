/** Waiting after a call until something happens in the user's app: read the settings, then poll. */
import { POLL_INTERVAL_RANGE, WAIT_TIMEOUT_RANGE } from '../descriptions/wait.description';
import type { ReadParameter } from '../../shared/helpers/parameters';
import type { ParameterCheck } from '../../shared/helpers/validation';

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

/**
 * Calls `poll` until it reports done, or until another interval would pass the timeout; waits
 * with `pause`, which n8n's stop ends at once. Resolves with the last value and the time waited.
 */
export async function pollUntil<T>(
	settings: WaitSettings,
	pause: (ms: number) => Promise<void>,
	poll: () => Promise<{ value: T; done: boolean }>,
): Promise<{ value: T; done: boolean; waitedMs: number }> {
	const started = Date.now();
	for (;;) {
		const { value, done } = await poll();
		const waitedMs = Date.now() - started;
		if (done || waitedMs + settings.intervalMs > settings.timeoutMs) return { value, done, waitedMs };
		await pause(settings.intervalMs);
	}
}
