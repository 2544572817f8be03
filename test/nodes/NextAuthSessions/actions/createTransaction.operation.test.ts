import type { INodeParameters } from 'n8n-workflow';

import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { KEYS, LOGGED_IN_NONCE } from '../../../simulator';

describe('Request Approval (createTransaction)', () => {
	const suite = useSuite();
	const request = (parameters: INodeParameters = {}): INodeParameters => ({
		operation: 'createTransaction',
		nonce: LOGGED_IN_NONCE,
		transactionDescription: 'Deploy release 4.2',
		...parameters,
	});
	const tidPath = (tid: string) => `${SERVER_PATH}/transactions/${encodeURIComponent(tid)}`;

	it('POSTs the Transaction with the API\'s spelling "benificiary" and returns the id, pending', async () => {
		const { items, error } = await suite.run(request({ amount: 'EUR 1,250.00', beneficiary: 'ACME Ltd.' }));

		expect(error).toBeUndefined();
		const sent = suite.onlyRequest();
		expect(sent.method).toBe('POST');
		expect(sent.path).toBe(`${SERVER_PATH}/sessions/transactions`);
		expect(sent.headers['x-nonce']).toBe(LOGGED_IN_NONCE);
		expect(sent.headers['content-type']).toBe('application/json');
		expect(sent.json).toEqual({ description: 'Deploy release 4.2', amount: 'EUR 1,250.00', benificiary: 'ACME Ltd.' });
		const transaction = [...suite.simulator.transactions.values()].at(-1)!;
		expect(items).toEqual([{ json: { transactionId: transaction.tid, status: 'pending' }, pairedItem: { item: 0 } }]);
		expect(transaction.userid).toBe('alice');
	});

	it('leaves empty Amount and Beneficiary out of the body', async () => {
		await suite.run(request({ amount: '', beneficiary: '' }));
		expect(suite.onlyRequest().json).toEqual({ description: 'Deploy release 4.2' });
	});

	it.each([
		[
			'approved after 3 polls',
			{ decision: 'approve', afterPolls: 3 },
			{ status: 'approved', approved: true, decided: true },
			3,
		],
		[
			'declined at the first poll',
			{ decision: 'decline', afterPolls: 1 },
			{ status: 'declined', approved: false, decided: true },
			1,
		],
	] as const)('with Wait for Decision: %s', async (_, policy, outcome, polls) => {
		suite.simulator.decideTransactions({ ...policy });
		const { items, error } = await suite.run(request({ waitForDecision: true, pollInterval: 0.2 }));

		expect(error).toBeUndefined();
		const transaction = [...suite.simulator.transactions.values()].at(-1)!;
		const reads = suite.simulator.requests.slice(1);
		expect(reads).toHaveLength(polls);
		for (const read of reads) {
			expect([read.method, read.path]).toEqual(['GET', tidPath(transaction.tid)]);
			// the result call names no session
			expect(read.headers).not.toHaveProperty('x-nonce');
		}
		expect(items[0].json).toMatchObject({ transactionId: transaction.tid, ...outcome });
		expect(items[0].json.waitedMs).toBeGreaterThanOrEqual((polls - 1) * 190);
	});

	it('with Wait for Decision, a user who never decides ends as pending after the Wait Timeout', async () => {
		suite.simulator.decideTransactions({ decision: 'never' });
		const started = Date.now();
		const { items, error } = await suite.run(request({ waitForDecision: true, waitTimeout: 1, pollInterval: 0.3 }));
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'pending', approved: false, decided: false });
		expect(Date.now() - started).toBeGreaterThanOrEqual(600);
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('stops waiting at once when the execution is stopped, with no further polls', async () => {
		suite.simulator.decideTransactions({ decision: 'never' });
		const started = Date.now();
		const { error } = await suite.engine.run({
			parameters: request({ waitForDecision: true, waitTimeout: 60, pollInterval: 5 }),
			credentials: suite.credentials(),
			cancelAfterMs: 400,
		});
		expect(error?.message).toBe('The request was cancelled');
		expect(Date.now() - started).toBeLessThan(2000);
		const polls = suite.simulator.requests.length;
		await new Promise((resolve) => setTimeout(resolve, 600));
		expect(suite.simulator.requests).toHaveLength(polls);
	});

	it('says in plain words that nobody is logged in on the session', async () => {
		const before = suite.simulator.transactions.size;
		const { error } = await suite.run(request({ nonce: 'nobody-here' }));
		expect(error?.message).toBe('Nobody is logged in on this session: a transaction needs a logged-in user (403)');
		expect(error?.httpCode).toBe('403');
		expect(suite.simulator.transactions.size).toBe(before);
	});

	it('still names the permission for a key without the sessions permission', async () => {
		const { error } = await suite.run(request(), { credentials: suite.credentials({ apiKey: KEYS.users }) });
		expect(error?.message).toBe(
			"Permission denied (403): this call needs the 'sessions' permission on the API key's role (or on the credential's Role ID)",
		);
	});

	it.each([
		['an empty Description (from an expression)', { transactionDescription: '={{ "" }}' }, 'Description: is required'],
		[
			'a Description with a line break',
			{ transactionDescription: 'a\nb' },
			'Description: must not contain line breaks or other control characters',
		],
		[
			'a Description of 5,000 characters',
			{ transactionDescription: 'x'.repeat(5000) },
			'Description: must be at most 4096 characters',
		],
		[
			'a Wait Timeout out of range',
			{ waitForDecision: true, waitTimeout: '={{ 0 }}' },
			'Wait Timeout: must be a number from 1 to 3600 seconds, got "0"',
		],
	])('refuses %s before sending', async (_, parameters, message) => {
		const { error } = await suite.run(request(parameters));
		expect(error?.message).toBe(message);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('with continue-on-fail, a session nobody is logged in on is one error item among the others', async () => {
		const items = [LOGGED_IN_NONCE, 'nobody', LOGGED_IN_NONCE].map((nonce) => ({ json: { nonce } }));
		const { items: output } = await suite.run(request({ nonce: '={{ $json.nonce }}' }), {
			items,
			continueOnFail: true,
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json).toEqual({
			error: 'Nobody is logged in on this session: a transaction needs a logged-in user (403)',
		});
		expect(output[0].json.status).toBe('pending');
		expect(output[2].json.status).toBe('pending');
	});

	it('a 503 answered after the transaction was made is not sent again: one approval to answer, and the error says why', async () => {
		const before = suite.simulator.transactions.size;
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' }, acted: true });
		const { error } = await suite.run(request());
		expect(error?.message).toBe(
			'The nextAuth API had a server error (503), try again later (not sent again: the API may already have created the approval request)',
		);
		expect(suite.simulator.requests).toHaveLength(1);
		expect(suite.simulator.transactions.size).toBe(before + 1);
	});

	it('a 429 is sent again (the API refused it unprocessed): one transaction', async () => {
		const before = suite.simulator.transactions.size;
		suite.simulator.failNext(1, { status: 429, headers: { 'retry-after': '0' } });
		const { items, error } = await suite.run(request());
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('pending');
		expect(suite.simulator.requests.map((sent) => sent.status)).toEqual([429, 200]);
		expect(suite.simulator.transactions.size).toBe(before + 1);
	});

	it('with Wait for Decision, results answered 503 with Retry-After: 4 in a 2 s wait: pending at ~2 s with the last error', async () => {
		suite.simulator.decideTransactions({ decision: 'never' });
		suite.simulator.failNext(100, { method: 'GET', status: 503, headers: { 'retry-after': '4' } });
		const started = Date.now();
		const { items, error } = await suite.run(request({ waitForDecision: true, waitTimeout: 2, pollInterval: 0.5 }));

		expect(error).toBeUndefined();
		const transaction = [...suite.simulator.transactions.values()].at(-1)!;
		expect(items[0].json).toEqual({
			transactionId: transaction.tid,
			status: 'pending',
			approved: false,
			decided: false,
			waitedMs: expect.any(Number),
			lastCheckError: 'The nextAuth API had a server error (503), try again later',
		});
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('with Wait for Decision, a result check that fails once does not end the wait', async () => {
		suite.simulator.decideTransactions({ decision: 'approve', afterPolls: 2 });
		suite.simulator.failNext(2, { method: 'GET', status: 500 });
		const { items, error } = await suite.run(request({ waitForDecision: true, waitTimeout: 10, pollInterval: 0.2 }));

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'approved', approved: true, decided: true });
		expect(items[0].json).not.toHaveProperty('lastCheckError');
		expect(suite.simulator.requests.map((sent) => sent.status)).toEqual([200, 500, 500, 200, 200]);
	});
});
