import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { LOGGED_IN_NONCE, SERVER_ID } from '../../../simulator';

describe('provokeLogin', () => {
	const suite = useSuite();

	it('sends POST /servers/{serverid}/sessions/provokelogin without a body when no user context is set', async () => {
		const { items, error } = await suite.run({ operation: 'provokeLogin', nonce: LOGGED_IN_NONCE });

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`${SERVER_PATH}/sessions/provokelogin`);
		expect(request.headers['x-nonce']).toBe(LOGGED_IN_NONCE);
		expect(request.headers).not.toHaveProperty('content-type');
		expect(request.body).toBeNull();
		expect(items).toEqual([{ json: { success: true }, pairedItem: { item: 0 } }]);
		expect(suite.simulator.pushes).toEqual([
			{
				serverId: SERVER_ID,
				nonce: LOGGED_IN_NONCE,
				target: { session: LOGGED_IN_NONCE, userid: 'alice' },
				userContext: undefined,
			},
		]);
	});

	it('sends the user context as a JSON body', async () => {
		const { error } = await suite.run({
			operation: 'provokeLogin',
			nonce: LOGGED_IN_NONCE,
			sendUserContext: true,
			sessionInfo: { ip: '203.0.113.9', userAgent: 'Firefox' },
		});

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.json).toEqual({ sessioninfo: { ip: '203.0.113.9', useragent: 'Firefox' } });
		expect(suite.simulator.pushes[0].userContext).toEqual(request.json);
	});

	it("reports a 400 from the API as a NodeApiError with the status and the API's words", async () => {
		const { error, items } = await suite.run({ operation: 'provokeLogin', nonce: 'never-logged-in' });

		expect(items).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('The nextAuth API rejected the request as invalid (400)');
		expect(error?.description).toBe('no login can be pushed for this session');
		expect(error?.httpCode).toBe('400');
	});
});
