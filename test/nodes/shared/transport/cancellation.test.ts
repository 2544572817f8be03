import { getEventListeners } from 'node:events';

import { Cancellation } from '../../../../nodes/shared/transport/cancellation';

const activeTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('Cancellation', () => {
	it('listens to the run signal once, however many requests and waits register', () => {
		const controller = new AbortController();
		const cancellation = new Cancellation(controller.signal);
		let called = 0;
		const forgets = Array.from({ length: 100_000 }, () => cancellation.onCancel(() => called++));
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
		forgets.slice(0, 50_000).forEach((forget) => forget());
		controller.abort();
		expect(called).toBe(50_000);
	});

	it('a cancelled wait rejects at once and clears its timer', async () => {
		const controller = new AbortController();
		const cancellation = new Cancellation(controller.signal);
		const before = activeTimers();
		const waiting = cancellation.pause(60_000);
		expect(activeTimers()).toBe(before + 1);
		controller.abort();
		await expect(waiting).rejects.toThrow('The request was cancelled');
		expect(activeTimers()).toBe(before);
	});

	it('a wait that ends forgets its callback', async () => {
		const controller = new AbortController();
		const cancellation = new Cancellation(controller.signal);
		/** The callbacks registered now: a run of 100,000 waits must not keep 100,000 of them. */
		const registered = () => (cancellation as unknown as { callbacks: { size: number } }).callbacks.size;
		await cancellation.pause(5);
		expect(registered()).toBe(0);
		let called = 0;
		cancellation.onCancel(() => called++);
		controller.abort();
		expect(called).toBe(1);
	});

	it('never overflows a timer: a wait longer than 2^31 ms still waits', async () => {
		const controller = new AbortController();
		const cancellation = new Cancellation(controller.signal);
		let done = false;
		const waiting = cancellation.pause(2 ** 33).then(
			() => (done = true),
			() => undefined,
		);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(done).toBe(false);
		controller.abort();
		await waiting;
	});

	it('a run already cancelled: no wait at all passes, any other rejects at once', async () => {
		const cancellation = new Cancellation(AbortSignal.abort());
		await expect(cancellation.pause(0)).resolves.toBeUndefined();
		await expect(cancellation.pause(-5)).resolves.toBeUndefined();
		const started = Date.now();
		await expect(cancellation.pause(60_000)).rejects.toThrow('The request was cancelled');
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('without a run signal: waits, and is never cancelled', async () => {
		const cancellation = new Cancellation();
		expect(cancellation.cancelled).toBe(false);
		const started = Date.now();
		await cancellation.pause(50);
		expect(Date.now() - started).toBeGreaterThanOrEqual(45);
	});
});
