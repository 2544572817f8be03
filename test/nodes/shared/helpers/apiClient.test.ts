/**
 * The front door (ApiClient) seen from its three entries: a node's run (IExecuteFunctions), the
 * trigger's poll (IPollFunctions, through the editor's Fetch Test Event) and a list picker
 * (ILoadOptionsFunctions). Each must send what the others send and fail as the others fail.
 */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { fetchTestEvent } from '../../../harness/pollTrigger';
import { useSuite } from '../../../harness/suite';
import { KEYS, ROLES, SERVER_ID } from '../../../simulator';

describe('the front door (ApiClient), from each entry', () => {
	const suite = useSuite('nextAuth');
	/** The Options' Server ID wins over the credential's, at every entry. */
	const options = { serverId: SERVER_ID };
	const credentials = (overrides: ICredentialDataDecryptedObject = {}) =>
		suite.credentials({ apiKey: KEYS.root, roleId: ROLES.support, serverId: 'not-this-one', ...overrides });

	/** Each entry makes one call; what it gave back (or the error it failed with) and the requests it sent. */
	const entries = {
		run: async (parameters: INodeParameters, data: ICredentialDataDecryptedObject) => {
			const result = await suite.run({ ...parameters, options }, { credentials: data });
			if (result.error) throw result.error;
			return result.items;
		},
		poll: async (parameters: INodeParameters, data: ICredentialDataDecryptedObject) =>
			await fetchTestEvent(suite.engine, { event: 'newAccount', ...parameters, options }, data),
		listSearch: async (method: 'searchUsers' | 'searchAccounts', data: ICredentialDataDecryptedObject) =>
			await suite.engine.listSearch(method, data, { resource: 'user', options }, undefined, undefined, 'nextAuth'),
	};

	const headersOf = (request: { headers: Record<string, unknown> }) => {
		const { host: _host, connection: _connection, ...headers } = request.headers;
		return headers;
	};

	it('sends the same headers (X-apikey, X-su, no X-nonce) to the Options’ server from every entry', async () => {
		await entries.run({ resource: 'user', operation: 'getAll', returnAll: false, limit: 1 }, credentials());
		await entries.poll({ filters: { userId: 'alice' } }, credentials());
		await entries.listSearch('searchUsers', credentials());

		const requests = suite.simulator.requests;
		expect(requests.length).toBeGreaterThanOrEqual(3);
		for (const request of requests) {
			expect(request.path.startsWith('/servers/sim%2BServer%2F0001%3D/')).toBe(true);
			expect(headersOf(request)).toEqual({
				'x-apikey': KEYS.root,
				'x-su': ROLES.support,
				accept: 'application/json',
				'accept-encoding': 'identity',
				'user-agent': 'n8n-nodes-nextauth',
			});
		}
	});

	it('trims the Options’ Server ID at every entry, the pickers’ unchecked one too', async () => {
		const padded = { serverId: `  ${SERVER_ID}  ` };
		await suite.run(
			{ resource: 'user', operation: 'getAll', returnAll: false, limit: 1, options: padded },
			{ credentials: credentials() },
		);
		await fetchTestEvent(
			suite.engine,
			{ event: 'newAccount', filters: { userId: 'alice' }, options: padded },
			credentials(),
		);
		await suite.engine.listSearch(
			'searchUsers',
			credentials(),
			{ resource: 'user', options: padded },
			undefined,
			undefined,
			'nextAuth',
		);
		expect(suite.simulator.requests.length).toBeGreaterThanOrEqual(3);
		for (const request of suite.simulator.requests)
			expect(request.path.startsWith('/servers/sim%2BServer%2F0001%3D/')).toBe(true);
	});

	it('turns the same refusal into the same n8n error from every entry, with the item where there is one', async () => {
		// The role the credential acts as may not read accounts: every entry's call is refused with 403.
		const failures = [
			await entries.run({ resource: 'account', operation: 'getAll', returnAll: false, limit: 1 }, credentials()).then(
				() => undefined,
				(error: unknown) => error,
			),
			await entries.poll({}, credentials()).then(
				() => undefined,
				(error: unknown) => error,
			),
			await entries.listSearch('searchAccounts', credentials()).then(
				() => undefined,
				(error: unknown) => error,
			),
		] as Array<Error & { httpCode?: string; context?: { itemIndex?: number } }>;

		expect(suite.simulator.requests.map((request) => request.status)).toEqual([403, 403, 403]);
		for (const failure of failures) {
			// The run's error as n8n records it in the execution (a copy of the error's fields), the others as thrown.
			expect(failure?.name).toBe('NodeApiError');
			expect(failure.httpCode).toBe('403');
			expect(failure.message).toBe(failures[0].message);
			expect(failure.message).toMatch(/accounts/);
			expect(failure.message).not.toContain(ROLES.support);
		}
		expect(failures.map((failure) => failure.context?.itemIndex)).toEqual([0, undefined, undefined]);
	});
});
