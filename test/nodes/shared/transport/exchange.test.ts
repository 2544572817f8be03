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
		suite.simulator.failNext(1, { status: 200, body: exact, headers: { 'content-length': String(Buffer.byteLength(exact)) } });
		const { items, error } = await suite.run({ operation: 'getSession', nonce: 'cap' });
		expect(error).toBeUndefined();
		expect(items[0].json.hsid).toBe('h');
	});

	it('keeps the status of an error answer whose body is past the cap', async () => {
		suite.simulator.failNext(1, { status: 300, body: Buffer.alloc(2 * 1024 * 1024, 0x20) });
		const { error } = await suite.run({ operation: 'getSession', nonce: 'cap' });
		expect(error?.message).toBe('The nextAuth API answered with a redirect (300): the Base URL probably points at the wrong place');
	});

	it('sends nothing for a run that is already cancelled', async () => {
		const agent = new Agent();
		try {
			const progress = { written: false, answered: false };
			const cancelled = new Cancellation(AbortSignal.abort());
			const sent = exchange(agent, { origin: suite.simulator.baseUrl, path: '/', method: 'GET' }, { timeoutMs: 5000, maxBytes: 1024, cancellation: cancelled }, progress);
			await expect(sent).rejects.toMatchObject({ name: 'AbortError' });
			// A request undici had begun to write would reach the server within this wait.
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(progress.written).toBe(false);
			expect(suite.simulator.requests).toEqual([]);
		} finally {
			await agent.close();
		}
	});
});
