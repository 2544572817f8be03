import type { INodeParameters } from 'n8n-workflow';

import { SERVER_ID } from '../../../simulator';
import { SERVER_PATH, useSuite } from '../../../harness/suite';

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
			parameters: { operation: 'provokeLogin', nonce: 'cancelled', waitForLogin: true, waitTimeout: 60, pollInterval: 5 },
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
});
