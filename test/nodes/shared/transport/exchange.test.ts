/**
 * One exchange and its bounds: the answer read up to the call's cap and no further, a cancelled
 * run sends nothing, an error status keeps its status whatever its body.
 */
import { Agent } from 'undici';

import type * as Cancellations from '../../../../nodes/shared/transport/cancellation';
import type * as Exchange from '../../../../nodes/shared/transport/exchange';
import { packageModule } from '../../../harness/n8nEngine';
import { useSuite } from '../../../harness/suite';

const SESSION = { loggedin: false, canprovoke: false, hsid: 'h' };

describe('exchange', () => {
	const suite = useSuite();
	const { exchange } = packageModule<typeof Exchange>('nodes/shared/transport/exchange');
	const { Cancellation } = packageModule<typeof Cancellations>('nodes/shared/transport/cancellation');

	it('reads an answer of exactly the cap, announced with its length', async () => {
		const json = JSON.stringify({ ...SESSION, padding: '' });
		const exact = JSON.stringify({ ...SESSION, padding: 'p'.repeat(1024 * 1024 - json.length) });
		suite.simulator.failNext(1, {
			status: 200,
			body: exact,
			headers: { 'content-length': String(Buffer.byteLength(exact)) },
		});
		const { items, error } = await suite.run({ operation: 'getSession', nonce: 'cap' });
		expect(error).toBeUndefined();
		expect(items[0].json.hsid).toBe('h');
	});

	it('keeps the status of an error answer whose body is past the cap', async () => {
		suite.simulator.failNext(1, { status: 300, body: Buffer.alloc(2 * 1024 * 1024, 0x20) });
		const { error } = await suite.run({ operation: 'getSession', nonce: 'cap' });
		expect(error?.message).toBe(
			'The nextAuth API answered with a redirect (300): the Base URL probably points at the wrong place',
		);
	});

	it('sends nothing for a run that is already cancelled', async () => {
		const agent = new Agent();
		try {
			const progress = { written: false, answered: false };
			const cancelled = new Cancellation(AbortSignal.abort());
			const sent = exchange(
				agent,
				{ origin: suite.simulator.baseUrl, path: '/', method: 'GET' },
				{ timeoutMs: 5000, maxBytes: 1024, cancellation: cancelled },
				progress,
			);
			await expect(sent).rejects.toMatchObject({ name: 'AbortError' });
			// A request undici had begun to write would reach the server within this wait.
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(progress.written).toBe(false);
			expect(suite.simulator.requests).toEqual([]);
		} finally {
			await agent.close();
		}
	});

	/** Records the waits of the deadline loop (its timers, told by where they were set) while `body` runs. */
	async function deadlineWaits(
		body: (agent: Agent, wait: (ms: number) => Promise<void>, waits: number[]) => Promise<void>,
	): Promise<number[]> {
		const agent = new Agent();
		const waits: number[] = [];
		const setTimer = global.setTimeout;
		const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
			if (new Error().stack?.includes('watchDeadlines')) waits.push(ms ?? 0);
			return setTimer(callback, ms);
		}) as typeof setTimeout);
		try {
			await body(agent, async (ms) => await new Promise((resolve) => setTimer(resolve, ms)), waits);
			return waits;
		} finally {
			spy.mockRestore();
			await agent.destroy();
		}
	}
	const progress = () => ({ written: false, answered: false });

	it('watches deadlines with one timer that sleeps until the earliest one, at most 100 ms at a time, and stops with the last', async () => {
		let afterLast = 0;
		const waits = await deadlineWaits(async (agent, wait, seen) => {
			suite.simulator.failNext(2, { kind: 'stall' });
			const request = { origin: suite.simulator.baseUrl, path: '/', method: 'GET' as const };
			const short = exchange(agent, request, { timeoutMs: 40, maxBytes: 1024 }, progress());
			const long = exchange(agent, request, { timeoutMs: 450, maxBytes: 1024 }, progress());
			await expect(short).rejects.toMatchObject({ name: 'TimeoutError' });
			await expect(long).rejects.toMatchObject({ name: 'TimeoutError' });
			afterLast = seen.length;
			await wait(250);
		});
		// First the 40 ms deadline, then steps of 100 ms; none after the last deadline.
		expect(waits[0]).toBeLessThanOrEqual(40);
		expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...waits)).toBeLessThanOrEqual(100);
		expect(waits.length).toBeLessThan(15);
		expect(waits.length).toBe(afterLast);
	});

	it('forgets the deadline of an exchange that ended: the timer stops soon after, not at the Timeout', async () => {
		let answered = 0;
		const waits = await deadlineWaits(async (agent, wait, seen) => {
			const request = {
				origin: suite.simulator.baseUrl,
				path: `/servers/${encodeURIComponent('sim+Server/0001=')}/sessions/`,
				method: 'GET' as const,
			};
			const answer = await exchange(agent, request, { timeoutMs: 60_000, maxBytes: 1024 * 1024 }, progress());
			expect(answer.statusCode).toBeGreaterThan(0);
			answered = seen.length;
			await wait(400);
		});
		// At most the one wait under way when the answer came.
		expect(waits.length - answered).toBeLessThanOrEqual(1);
	});
});
