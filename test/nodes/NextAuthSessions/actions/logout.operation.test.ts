import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { LOGGED_IN_NONCE, SERVER_ID } from '../../../simulator';

describe('logout', () => {
	const suite = useSuite();

	it('sends POST /servers/{serverid}/sessions/logout with no body and outputs success', async () => {
		suite.simulator.confirmLogin(SERVER_ID, 'logout-1', 'bob', 3);
		const { items, error } = await suite.run({ operation: 'logout', nonce: 'logout-1' });

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`${SERVER_PATH}/sessions/logout`);
		expect(request.headers['x-nonce']).toBe('logout-1');
		expect(request.headers).not.toHaveProperty('content-type');
		expect(request.body).toBeNull();
		expect(items).toEqual([{ json: { success: true }, pairedItem: { item: 0 } }]);
		expect(suite.simulator.session(SERVER_ID, 'logout-1').loggedin).toBe(false);
	});

	it('ignores user-context parameters: logout has no body', async () => {
		const { error } = await suite.run({
			operation: 'logout',
			nonce: LOGGED_IN_NONCE,
			sendUserContext: true,
			userContextInput: 'json',
			userContextJson: '{"sessioninfo": {"ip": "1.1.1.1"}}',
		});
		expect(error).toBeUndefined();
		expect(suite.onlyRequest().body).toBeNull();
	});

	it('keeps its 503 retries (a second logout changes nothing), unlike the pushes', async () => {
		suite.simulator.confirmLogin(SERVER_ID, 'logout-2', 'bob', 3);
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' }, acted: true });
		const { items, error } = await suite.run({ operation: 'logout', nonce: 'logout-2' });

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true });
		expect(suite.simulator.requests.map((request) => request.status)).toEqual([503, 200]);
	});
});
