/**
 * n8n's cancel signal for one run, listened to once. Each request and wait registers a callback
 * here instead of its own listener on the signal: a run of 100,000 items would otherwise add and
 * remove 100,000 listeners on one EventTarget, which costs time quadratic in the count.
 */
import { sleep } from 'n8n-workflow';

import { NextAuthNetworkError } from './errors';
import { MAX_TIMER_MS } from './limits';
import { Slots } from './slots';

export class Cancellation {
	private readonly callbacks = new Slots<() => void>();

	private listening = false;

	constructor(private readonly signal?: AbortSignal) {}

	get cancelled(): boolean {
		return this.signal?.aborted === true;
	}

	/** Calls `callback` once if the run is cancelled; the returned function forgets it. */
	onCancel(callback: () => void): () => void {
		if (!this.signal) return () => {};
		if (!this.listening) {
			this.listening = true;
			this.signal.addEventListener(
				'abort',
				() => {
					for (const [registered, remove] of [...this.callbacks.entries()]) {
						remove();
						registered();
					}
				},
				{ once: true },
			);
		}
		return this.callbacks.add(callback);
	}

	/**
	 * Waits `ms`, or rejects as soon as the run is cancelled; either way the timer is cleared.
	 * A stopped execution must not sit out a long Retry-After or poll interval.
	 */
	async pause(ms: number): Promise<void> {
		if (ms <= 0) return;
		if (this.cancelled) throw NextAuthNetworkError.cancelled();
		const timer = new AbortController();
		let forget = () => {};
		try {
			await new Promise<void>((resolve, reject) => {
				forget = this.onCancel(() => {
					timer.abort();
					reject(NextAuthNetworkError.cancelled());
				});
				sleep(Math.min(ms, MAX_TIMER_MS), timer.signal).then(resolve, () => {});
			});
		} finally {
			forget();
		}
	}
}
