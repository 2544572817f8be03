import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { LOGGED_IN_NONCE, SERVER_ID } from '../../../simulator';

describe('Get Approval Result (getTransactionResult)', () => {
	const suite = useSuite();

	/** A transaction made through the simulator's own API, as Request Approval would. */
	const createTransaction = () =>
		suite.simulator.createTransaction({ serverId: SERVER_ID, nonce: LOGGED_IN_NONCE, json: { description: 'x' } });
	const newTid = () => {
		createTransaction();
		return [...suite.simulator.transactions.keys()].at(-1)!;
	};

	it('GETs the result with the id percent-encoded as one path segment and no nonce', async () => {
		suite.simulator.decideTransactions({ decision: 'approve', afterPolls: 1 });
		const tid = newTid();
		expect(tid).toMatch(/[+/=]/);
		const { items, error } = await suite.run({ operation: 'getTransactionResult', transactionId: tid });

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect([request.method, request.path]).toEqual(['GET', `${SERVER_PATH}/transactions/${encodeURIComponent(tid)}`]);
		expect(request.segments).toEqual(['servers', SERVER_ID, 'transactions', tid]);
		expect(request.headers).not.toHaveProperty('x-nonce');
		expect(items[0].json).toEqual({ transactionId: tid, status: 'approved', approved: true, decided: true });
	});

	it.each([
		['never', {}, { status: 'pending', approved: false, decided: false }],
		['decline', {}, { status: 'declined', approved: false, decided: true }],
	] as const)('reports a transaction the user decides with %p', async (decision, _, outcome) => {
		suite.simulator.decideTransactions({ decision });
		const tid = newTid();
		const { items } = await suite.run({ operation: 'getTransactionResult', transactionId: tid });
		expect(items[0].json).toEqual({ transactionId: tid, ...outcome });
	});

	it('refuses an unknown tstatus instead of taking it for a decision', async () => {
		suite.simulator.decideTransactions({ decision: 'status', tstatus: '7' });
		const tid = newTid();
		const { error } = await suite.run({ operation: 'getTransactionResult', transactionId: tid });
		expect(error?.message).toBe(
			'The nextAuth API answered with an unknown transaction status "7" (expected "0", "1" or "2")',
		);
	});

	it('names an unknown transaction id on a 404', async () => {
		const { error } = await suite.run({ operation: 'getTransactionResult', transactionId: 'bm9uZQ==' });
		expect(error?.message).toBe(
			'Not found (404): there is no transaction "bm9uZQ==" on this server (or the server ID is wrong)',
		);
	});

	it.each([
		['empty (from an expression)', '={{ "" }}'],
		['blank', '  '],
		['a dot segment', '..'],
	])('refuses a Transaction ID that is %s before sending', async (_, transactionId) => {
		const { error } = await suite.run({ operation: 'getTransactionResult', transactionId });
		expect(error?.message).toMatch(/^Transaction ID: /);
		expect(suite.simulator.requests).toEqual([]);
	});
});
