import { KEYS, ROLES, SERVER_ID } from '../../../simulator';
import { SERVER_PATH, useSuite } from '../../../harness/suite';

describe('credential test', () => {
	const suite = useSuite();

	it('passes for a working key, with one get-session call on a throwaway nonce', async () => {
		const result = await suite.engine.testCredentials(suite.credentials({ apiKey: KEYS.sessions }));

		expect(result).toEqual({ status: 'OK', message: 'Connection successful' });
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`${SERVER_PATH}/sessions/`);
		expect(request.headers['x-apikey']).toBe(KEYS.sessions);
		expect(request.headers['x-nonce']).toMatch(/^n8n-credential-test-[0-9a-f-]{36}$/);
		expect(request.headers).not.toHaveProperty('x-su');
	});

	it('sends X-su only when a role id is set, and passes with an allowed role', async () => {
		const result = await suite.engine.testCredentials(suite.credentials({ apiKey: KEYS.root, roleId: ROLES.support }));
		expect(result.status).toBe('OK');
		expect(suite.onlyRequest().headers['x-su']).toBe(ROLES.support);
	});

	it.each([
		['a wrong key', { apiKey: 'nope' }, 'The API key was refused (401): check the API key in the NextAuth credential'],
		[
			'a key without the sessions permission',
			{ apiKey: KEYS.users },
			"Permission denied (403): this call needs the 'sessions' permission on the API key's role (or on the role set as Role ID)",
		],
		[
			'a role the key may not take',
			{ apiKey: KEYS.sessions, roleId: ROLES.support },
			"Permission denied (403): this call needs the 'sessions' permission on the API key's role (or on the role set as Role ID)",
		],
		[
			'an unknown server',
			{ serverId: 'no-such-server' },
			'Not found (404): no server with this server ID (check the Server ID and the Base URL)',
		],
	])('reports %s in plain words', async (_, overrides, message) => {
		const result = await suite.engine.testCredentials(suite.credentials(overrides));
		expect(result).toEqual({ status: 'Error', message });
	});

	it('reports an unreachable base URL', async () => {
		const result = await suite.engine.testCredentials(suite.credentials({ baseUrl: 'http://127.0.0.1:9' }));
		expect(result).toEqual({
			status: 'Error',
			message: 'Could not reach the nextAuth API at http://127.0.0.1:9: the connection was refused',
		});
	});

	it('reports missing fields without calling the API', async () => {
		expect(await suite.engine.testCredentials({ apiKey: '', serverId: SERVER_ID })).toEqual({
			status: 'Error',
			message: 'The API key is missing',
		});
		expect(await suite.engine.testCredentials({ apiKey: KEYS.all, serverId: ' ' })).toEqual({
			status: 'Error',
			message: 'The server ID is missing',
		});
		expect(suite.simulator.requests).toEqual([]);
	});
});
