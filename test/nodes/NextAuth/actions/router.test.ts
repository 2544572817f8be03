import { useSuite } from '../../../harness/suite';

describe('NextAuth router and description', () => {
	const suite = useSuite('nextAuth');

	it('shows one Operation picker per resource, with every operation of that resource, and a subtitle naming the action', () => {
		const { description } = suite.engine.nodeType('nextAuth');
		const pickers = description.properties.filter((property) => property.name === 'operation');
		expect(
			pickers.map((picker) => [
				picker.displayOptions?.show?.resource,
				picker.default,
				(picker.options ?? []).map((option) => 'value' in option && option.value),
			]),
		).toEqual([
			[['account'], 'getAll', ['block', 'delete', 'get', 'getAll', 'setUser', 'unblock']],
			[['apiKey'], 'getAll', ['create', 'getAll']],
			[
				['global'],
				'getAttributes',
				['deleteAttribute', 'deleteAttributes', 'getAttributes', 'setAttributes', 'updateAttributes'],
			],
			[['permission'], 'getAll', ['get', 'getAll', 'revoke', 'set']],
			[
				['server'],
				'getVisualHash',
				[
					'create',
					'deleteAttributes',
					'deleteAttribute',
					'get',
					'getAttributes',
					'getAll',
					'getVisualHash',
					'setAttributes',
					'update',
					'updateAttributes',
				],
			],
			[
				['user'],
				'getAll',
				[
					'delete',
					'deleteAccounts',
					'deleteAttribute',
					'deleteAttributes',
					'getAccounts',
					'getAttributes',
					'getAll',
					'getOrCreateRole',
					'getRole',
					'setAttributes',
					'updateAttributes',
				],
			],
		]);
		const resources = description.properties.find((property) => property.name === 'resource');
		expect((resources?.options ?? []).map((option) => 'value' in option && option.value)).toEqual([
			'account',
			'apiKey',
			'global',
			'permission',
			'server',
			'user',
		]);
		expect(description.subtitle).toContain('"account.setUser":"Move an account to a user"');
		expect(description.subtitle).toContain('"user.deleteAccounts":"Delete the accounts of a user"');
		expect(description.subtitle).toContain('"user.setAttributes":"Replace the attributes of a user"');
		expect(description.subtitle).toContain('"server.getVisualHash":"Get the visual hash of the server"');
		expect(description.subtitle).toContain('"permission.revoke":"Revoke all permissions of a role"');
		expect(description.subtitle).toContain('"global.deleteAttributes":"Delete all attributes of the tenant"');
		expect(description.usableAsTool).toBe(true);
	});

	it('refuses an operation its resource does not have, before any request', async () => {
		const { error } = await suite.run({
			resource: 'user',
			operation: 'block',
			userId: { __rl: true, mode: 'id', value: 'alice' },
		});
		expect(error?.message).toBe('Operation "block" of resource "user" is not supported');
		expect(suite.simulator.requests).toEqual([]);
	});

	// Names every object inherits, as an imported workflow may give them.
	it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
		'refuses operation %p of a resource as not supported, before any request',
		async (operation) => {
			const { error } = await suite.run({ resource: 'account', operation });
			expect(error?.message).toBe(`Operation "${operation}" of resource "account" is not supported`);
			expect(suite.simulator.requests).toEqual([]);
		},
	);

	it.each(['constructor', 'toString', '__proto__', 'nope'])(
		'refuses resource %p as not supported, naming it, before any request',
		async (resource) => {
			const { error } = await suite.run({ resource, operation: 'getAll' });
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toBe(`Resource "${resource}" is not supported`);
			expect(suite.simulator.requests).toEqual([]);
		},
	);

	it('lists accounts and users for its pickers through the shared list search', async () => {
		const users = await suite.engine.listSearch(
			'searchUsers',
			suite.credentials(),
			{ resource: 'user', operation: 'delete' },
			'o',
			undefined,
			'nextAuth',
		);
		expect(users.results.map((user) => user.value)).toEqual(['bob', 'carol.smith', 'dave/ops']);
		const accounts = await suite.engine.listSearch(
			'searchAccounts',
			suite.credentials(),
			{ resource: 'account', operation: 'block' },
			'phone',
			undefined,
			'nextAuth',
		);
		expect(accounts.results.map((account) => account.value)).toEqual(['1', '3', '4']);
	});
});
