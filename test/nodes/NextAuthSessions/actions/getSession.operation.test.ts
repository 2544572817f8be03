import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { KEYS, LOGGED_IN_NONCE, ROLES, SERVER_ID } from '../../../simulator';

describe('getSession', () => {
	const suite = useSuite();

	it('sends GET /servers/{serverid}/sessions/ with key and nonce, no body, no X-su', async () => {
		const { items, error } = await suite.run({ operation: 'getSession', nonce: 'nonce-abc' });

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`${SERVER_PATH}/sessions/`);
		expect(request.query).toEqual({});
		expect(request.headers['x-apikey']).toBe(KEYS.all);
		expect(request.headers['x-nonce']).toBe('nonce-abc');
		expect(request.headers.accept).toBe('application/json');
		expect(request.headers).not.toHaveProperty('x-su');
		expect(request.headers).not.toHaveProperty('content-type');
		expect(request.body).toBeNull();

		const session = suite.simulator.session(SERVER_ID, 'nonce-abc');
		expect(items).toEqual([
			{
				json: {
					loggedin: false,
					canprovoke: false,
					loginqrdata: session.loginqrdata,
					hsid: session.hsid,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('returns who is logged in on a logged-in session', async () => {
		const { items } = await suite.run({ operation: 'getSession', nonce: LOGGED_IN_NONCE });
		expect(items[0].json).toMatchObject({ loggedin: true, userid: 'alice', accountid: 1, canprovoke: true });
	});

	it('sends X-su when the credential has a role id, and acts with that role', async () => {
		const credentials = suite.credentials({ apiKey: KEYS.root, roleId: ROLES.support });
		const { items, error } = await suite.run({ operation: 'getSession', nonce: 'n-role' }, { credentials });

		expect(error).toBeUndefined();
		expect(suite.onlyRequest().headers['x-su']).toBe(ROLES.support);
		expect(items[0].json.loggedin).toBe(false);
	});

	it('leaves X-su out when the role id is empty or blank', async () => {
		for (const roleId of ['', '   ']) {
			suite.simulator.clearRecords();
			const { error } = await suite.run(
				{ operation: 'getSession', nonce: 'n' },
				{ credentials: suite.credentials({ roleId }) },
			);
			expect(error).toBeUndefined();
			expect(suite.onlyRequest().headers).not.toHaveProperty('x-su');
		}
	});

	it('fails with a permission error when the impersonated role lacks `sessions`', async () => {
		const credentials = suite.credentials({ apiKey: KEYS.root, roleId: ROLES.readonly });
		const { error, items } = await suite.run({ operation: 'getSession', nonce: 'n' }, { credentials });

		expect(items).toEqual([]);
		expect(error?.message).toBe(
			"Permission denied (403): this call needs the 'sessions' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(error?.httpCode).toBe('403');
	});

	it('refuses an answer that is not a JSON object', async () => {
		suite.simulator.failNext(1, { status: 200, body: '["not", "an object"]' });
		const { error } = await suite.run({ operation: 'getSession', nonce: 'n' });
		expect(error?.message).toBe('The nextAuth API answered with a login status that is not a JSON object');

		suite.simulator.failNext(1, { status: 200, body: '{"loggedin": tru' });
		const { error: notJson } = await suite.run({ operation: 'getSession', nonce: 'n' });
		expect(notJson?.message).toBe('The nextAuth API answered with a login status that is not valid JSON');
	});
});
