import type { INodeParameters } from 'n8n-workflow';

import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { SERVER_ID } from '../../../simulator';

describe('push operations: wait for login', () => {
	const suite = useSuite();
	const push = (parameters: INodeParameters): INodeParameters => ({
		operation: 'provokeLoginOnUser',
		nonce: 'wait-1',
		userId: { __rl: true, mode: 'id', value: 'bob' },
		waitForLogin: true,
		pollInterval: 0.2,
		...parameters,
	});

	it('pushes, then polls the session until the user confirms, and returns the login status', async () => {
		suite.simulator.confirmLoginAfterPolls(SERVER_ID, 'wait-1', 3, 'bob', 3);
		const { items, error } = await suite.run(push({}));

		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => [request.method, request.url])).toEqual([
			['POST', `${SERVER_PATH}/users/bob/provokelogin`],
			['GET', `${SERVER_PATH}/sessions/`],
			['GET', `${SERVER_PATH}/sessions/`],
			['GET', `${SERVER_PATH}/sessions/`],
		]);
		for (const request of suite.simulator.requests) expect(request.headers['x-nonce']).toBe('wait-1');
		const { json } = items[0];
		expect(json).toMatchObject({ success: true, confirmed: true, loggedin: true, userid: 'bob', accountid: 3 });
		expect(json.waitedMs).toBeGreaterThanOrEqual(380);
		expect(json.waitedMs).toBeLessThan(2000);
	});

	it('gives up after the wait timeout with confirmed: false', async () => {
		suite.simulator.session(SERVER_ID, 'never').canprovoke = true;
		const started = Date.now();
		const { items, error } = await suite.run({
			operation: 'provokeLogin',
			nonce: 'never',
			waitForLogin: true,
			waitTimeout: 1,
			pollInterval: 0.3,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ success: true, confirmed: false, loggedin: false });
		expect(Number(items[0].json.waitedMs)).toBeLessThanOrEqual(1000);
		const polls = suite.simulator.requests.filter((request) => request.method === 'GET');
		expect(polls.length).toBeGreaterThanOrEqual(3);
		expect(polls.length).toBeLessThanOrEqual(5);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('stops waiting at once when n8n cancels the execution', async () => {
		suite.simulator.session(SERVER_ID, 'cancelled').canprovoke = true;
		const started = Date.now();
		const { error } = await suite.engine.run({
			parameters: {
				operation: 'provokeLogin',
				nonce: 'cancelled',
				waitForLogin: true,
				waitTimeout: 60,
				pollInterval: 5,
			},
			credentials: suite.credentials(),
			cancelAfterMs: 300,
		});
		expect(error?.message).toBe('The request was cancelled');
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('does not poll when Wait for Login is off', async () => {
		const { items } = await suite.run(push({ waitForLogin: false }));
		expect(items[0].json).toEqual({ success: true });
		expect(suite.simulator.requests).toHaveLength(1);
	});

	it('refuses a poll interval of 0 before pushing', async () => {
		const { error } = await suite.run(push({ pollInterval: '={{ 0 }}' }));
		expect(error?.message).toBe('Poll Interval: must be a number from 0.2 to 60 seconds, got "0"');
		expect(suite.simulator.requests).toEqual([]);
	});

	describe('Wait Timeout bounds the whole wait; failed checks do not end it', () => {
		it('checks answered 503 with Retry-After: 4 in a 2 s wait: ends at ~2 s with confirmed: false and the last error', async () => {
			suite.simulator.failNonce('wait-503', { method: 'GET', status: 503, headers: { 'retry-after': '4' } });
			const started = Date.now();
			const { items, error } = await suite.run(push({ nonce: 'wait-503', waitTimeout: 2, pollInterval: 0.5 }));
			const tookMs = Date.now() - started;

			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({
				success: true,
				confirmed: false,
				lastCheckError: 'The nextAuth API had a server error (503), try again later',
			});
			expect(Number(items[0].json.waitedMs)).toBeLessThanOrEqual(2000);
			// Before: 12.1 s and an error (each check sat out its Retry-After).
			expect(tookMs).toBeLessThan(5000);
			const checks = suite.simulator.requests.filter((request) => request.method === 'GET');
			expect(checks.length).toBeGreaterThanOrEqual(3);
			expect(suite.simulator.pushes).toHaveLength(1);
		});

		it("a check's deadline is what is left of the wait: a stalled check ends with it", async () => {
			suite.simulator.failNonce('wait-stall', { method: 'GET', kind: 'stall' });
			const started = Date.now();
			const { items, error } = await suite.run(
				push({ nonce: 'wait-stall', waitTimeout: 1, options: { timeout: 30000 } }),
			);

			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({
				confirmed: false,
				lastCheckError: expect.stringMatching(/ timed out after \d+ ms$/),
			});
			expect(Date.now() - started).toBeLessThan(4000);
		});

		it('one connection reset on the 2nd check of a 10 s wait does not fail the item', async () => {
			suite.simulator.confirmLoginAfterPolls(SERVER_ID, 'wait-reset', 3, 'bob', 3);
			suite.simulator.failNonce('wait-reset', { method: 'GET', kind: 'reset' }, 1, 1);
			const { items, error } = await suite.run(push({ nonce: 'wait-reset', waitTimeout: 10 }));

			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, confirmed: true, loggedin: true });
			expect(items[0].json).not.toHaveProperty('lastCheckError');
			expect(suite.simulator.pushes).toHaveLength(1);
		});

		it('a check that keeps failing is followed by the next one at the next interval', async () => {
			suite.simulator.confirmLoginAfterPolls(SERVER_ID, 'wait-flaky', 2, 'bob', 3);
			// The 2nd check fails twice (its one resend on a new connection included), then all goes well.
			suite.simulator.failNonce('wait-flaky', { method: 'GET', kind: 'reset' }, 2, 1);
			const { items, error } = await suite.run(push({ nonce: 'wait-flaky', waitTimeout: 10 }));

			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ confirmed: true });
			expect(suite.simulator.requests.map((request) => request.status)).toEqual([200, 200, 'reset', 'reset', 200]);
		});

		it('a wait whose checks all failed says the last failure; data of an earlier good check stays', async () => {
			suite.simulator.failNonce('wait-down', { method: 'GET', status: 502 }, Infinity, 1);
			const { items, error } = await suite.run(push({ nonce: 'wait-down', waitTimeout: 1, pollInterval: 0.3 }));

			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({
				success: true,
				loggedin: false,
				confirmed: false,
				lastCheckError: 'The nextAuth API had a server error (502), try again later',
			});
		});

		it.each([
			[401, 'The API key was refused (401): check the API key in the NextAuth credential'],
			[
				403,
				"Permission denied (403): this call needs the 'sessions' permission on the API key's role (or on the credential's Role ID)",
			],
			[404, 'Not found (404): check the server ID'],
		])('a check answered %p ends the wait at once with the error', async (status, message) => {
			suite.simulator.failNonce(`wait-${status}`, { method: 'GET', status });
			const started = Date.now();
			const { error } = await suite.run(push({ nonce: `wait-${status}`, waitTimeout: 10 }));
			expect(error?.message).toBe(message);
			expect(Date.now() - started).toBeLessThan(2000);
		});

		it('a check answered with something that is not a login status ends the wait at once', async () => {
			suite.simulator.failNonce('wait-html', {
				method: 'GET',
				status: 200,
				contentType: 'text/html',
				body: '<html>portal</html>',
			});
			const { error } = await suite.run(push({ nonce: 'wait-html', waitTimeout: 10 }));
			expect(error?.message).toBe(
				"The answer (200) was a web page, not the nextAuth API's: the Base URL in the NextAuth credential probably points at a web page, a proxy or a captive portal rather than the nextAuth API",
			);
		});

		it('stopping the execution during failing checks is a stop, not an output', async () => {
			suite.simulator.failNonce('wait-stop', { method: 'GET', status: 503 });
			const started = Date.now();
			const { error, items } = await suite.engine.run({
				parameters: push({ nonce: 'wait-stop', waitTimeout: 60, pollInterval: 1 }),
				credentials: suite.credentials(),
				cancelAfterMs: 500,
			});
			expect(error?.message).toBe('The request was cancelled');
			expect(items.filter((item) => item.json.confirmed === false)).toEqual([]);
			expect(Date.now() - started).toBeLessThan(2500);
		});
	});
});
