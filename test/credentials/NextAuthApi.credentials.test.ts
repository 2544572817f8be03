import { N8nEngine } from '../harness/n8nEngine';

describe('NextAuth API credential type', () => {
	let engine: N8nEngine;
	beforeAll(async () => {
		engine = await N8nEngine.load();
	});

	it('is loaded by n8n with its fixed name and fields', () => {
		const loaded = engine.loader.credentialTypes.nextAuthApi.type;
		expect(loaded.displayName).toBe('NextAuth API');
		expect(loaded.properties.map((property) => property.name)).toEqual(['apiKey', 'serverId', 'roleId', 'baseUrl', 'ignoreSSLIssues']);
		const byName = Object.fromEntries(loaded.properties.map((property) => [property.name, property]));
		expect(byName.apiKey).toMatchObject({ required: true, typeOptions: { password: true } });
		expect(byName.roleId).toMatchObject({ typeOptions: { password: true } });
		expect(byName.roleId.required).toBeFalsy();
		expect(byName.baseUrl.default).toBe('https://api.nextauth.com');
		expect(byName.ignoreSSLIssues).toMatchObject({ type: 'boolean', default: false });
	});

	// Used when the credential serves n8n's HTTP Request node ("predefined credential type").
	it('authenticates n8n requests with X-apikey, and X-su only when a role id is set', async () => {
		const request = { url: '/servers/x/users/', headers: { accept: 'application/json' } };
		expect(await engine.credentialsHelper.authenticate({ apiKey: 'k', roleId: '' }, 'nextAuthApi', request)).toEqual({
			...request,
			headers: { accept: 'application/json', 'X-apikey': 'k' },
		});
		expect(await engine.credentialsHelper.authenticate({ apiKey: 'k', roleId: ' r ' }, 'nextAuthApi', request)).toEqual({
			...request,
			headers: { accept: 'application/json', 'X-apikey': 'k', 'X-su': 'r' },
		});
	});
});
