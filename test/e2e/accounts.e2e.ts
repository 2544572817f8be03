/**
 * The NextAuth node (accounts and users) from the packed package in a real n8n (N8N_VERSION): one
 * workflow with every operation, and the two example workflows as shipped, run by `n8n execute`
 * against the stateful simulator.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { KEYS, NextAuthSimulator, SERVER_ID } from '../simulator';
import { N8N_VERSION, N8nInstance, packPackage, type ExecutionResult } from './n8nInstance';
import { chain, manualWorkflow } from './workflow';

const SERVER_PATH = '/servers/sim%2BServer%2F0001%3D';
const CREDENTIAL = { id: 'nextauth-simulator', name: 'NextAuth (simulator)' };
const DAY_MS = 86_400_000;

function nextAuthNode(name: string, y: number, parameters: Record<string, unknown>, continueOnFail = false) {
	return {
		id: `node-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type: 'n8n-nodes-nextauth.nextAuth',
		typeVersion: 1,
		position: [400, y],
		parameters,
		credentials: { nextAuthApi: CREDENTIAL },
		...(continueOnFail && { onError: 'continueRegularOutput' }),
	};
}

const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
const fields = (attributes: Record<string, string>) => ({
	attributeInput: 'fields',
	attributes: { attribute: Object.entries(attributes).map(([key, value]) => ({ key, value })) },
});
const json = (attributes: Record<string, string>) => ({
	attributeInput: 'json',
	attributesJson: JSON.stringify(attributes),
});

/** Attributes with keys that need encoding as a path segment (Delete Attribute names them in the path). */
const ODD_KEYS = { 'a b': '1', 'x?y': '2', '100%': '3', zoë: '4', keep: '5' };

/**
 * The attribute operations in the order they must run (one chain): each user shows one thing in
 * the simulator's state at the end — alice replaced, bob merged, a new user created by Set, dave's
 * odd keys deleted one by one, carol's attributes all deleted — and the Get nodes read them back.
 */
const ATTRIBUTE_CHAIN = [
	['Set Attributes', { operation: 'setAttributes', userId: byId('alice'), ...fields({ group: 'ops', floor: '3' }) }],
	['Update Attributes', { operation: 'updateAttributes', userId: byId('bob'), ...fields({ department: 'HR' }) }],
	[
		'Set Attributes of New User',
		{ operation: 'setAttributes', userId: byId('new hire/100%'), ...json({ group: 'trainees', zoë: 'ü' }) },
	],
	['Set Odd Keys', { operation: 'setAttributes', userId: byId('dave/ops'), ...json(ODD_KEYS) }],
	['Delete Attribute x?y', { operation: 'deleteAttribute', userId: byId('dave/ops'), attributeKey: 'x?y' }],
	['Delete Attribute 100%', { operation: 'deleteAttribute', userId: byId('dave/ops'), attributeKey: '100%' }],
	[
		'Update Attributes of Carol',
		{ operation: 'updateAttributes', userId: byId('carol.smith'), ...fields({ group: 'ops' }) },
	],
	['Delete Attributes', { operation: 'deleteAttributes', userId: byId('carol.smith') }],
	['Get Attributes', { operation: 'getAttributes', userId: byId('alice') }],
	['Get Odd Attributes', { operation: 'getAttributes', userId: byId('dave/ops') }],
	['Update Missing User', { operation: 'updateAttributes', userId: byId('ghost'), ...fields({ group: 'ops' }) }],
	['Users in Group ops', { operation: 'getAll', returnAll: true, filters: { filter: 'group=ops' } }],
] as const;
const ATTRIBUTE_USERS = ['alice', 'bob', 'new hire/100%', 'dave/ops', 'carol.smith', 'ghost'];

/** Start → every operation of the NextAuth node, each on accounts and users of its own. */
function workflow() {
	const nodes = [
		nextAuthNode('All Accounts', 0, {
			resource: 'account',
			operation: 'getAll',
			returnAll: true,
			filters: { sort: 'id' },
		}),
		nextAuthNode('Some Accounts', 100, {
			resource: 'account',
			operation: 'getAll',
			limit: 120,
			filters: { filter: 'userid=bulk-1' },
		}),
		nextAuthNode('Get Account', 200, { resource: 'account', operation: 'get', accountId: byId(1) }),
		nextAuthNode('Block Account', 300, { resource: 'account', operation: 'block', accountId: byId(2) }),
		nextAuthNode('Unblock Account', 400, { resource: 'account', operation: 'unblock', accountId: byId(4) }),
		nextAuthNode('Move Account', 500, {
			resource: 'account',
			operation: 'setUser',
			accountId: byId(1000),
			userId: byId('dave/ops'),
		}),
		nextAuthNode('Delete Account', 600, { resource: 'account', operation: 'delete', accountId: byId(1001) }),
		nextAuthNode('Missing Account', 700, { resource: 'account', operation: 'get', accountId: byId(999999) }, true),
		nextAuthNode('All Users', 800, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
			filters: { search: 'bulk-' },
		}),
		nextAuthNode('User Accounts', 900, {
			resource: 'user',
			operation: 'getAccounts',
			userId: byId('zoë & co/ops?'),
			returnAll: true,
		}),
		nextAuthNode('Delete User Accounts', 1000, {
			resource: 'user',
			operation: 'deleteAccounts',
			userId: byId('bulk-2'),
		}),
		nextAuthNode('Delete User', 1100, { resource: 'user', operation: 'delete', userId: byId('bulk-3') }),
	];
	nodes.push(
		nextAuthNode('Visual Hash', 1200, { resource: 'server', operation: 'getVisualHash', binaryPropertyName: 'vash' }),
	);
	const attributeChain = ATTRIBUTE_CHAIN.map(([name, parameters], index) => ({
		...nextAuthNode(name, 1300, { resource: 'user', ...parameters }, name === 'Update Missing User'),
		position: [400 + index * 200, 1300],
	}));
	return manualWorkflow({
		id: 'nextauth-e2e-accounts',
		name: 'NextAuth e2e: accounts and users',
		nodes: [...nodes, ...attributeChain],
		connections: {
			Start: { main: [[...nodes, attributeChain[0]].map((node) => ({ node: node.name, type: 'main', index: 0 }))] },
			...chain(attributeChain.map((node) => node.name)),
		},
	});
}

describe(`the NextAuth node (accounts and users) in a real n8n ${N8N_VERSION}`, () => {
	const simulator = new NextAuthSimulator();
	const server = () => simulator.serverState(SERVER_ID);
	const accountIds = () => server().accounts.map((account: { id: number }) => account.id);
	let n8n: N8nInstance;
	let result: ExecutionResult;
	let requests: typeof simulator.requests;
	const examples: Record<string, { result: ExecutionResult; requests: typeof simulator.requests }> = {};
	const attributesAfterRun: Record<string, Record<string, string>> = {};
	let userIdsAfterRun: string[] = [];

	const output = (run: ExecutionResult, node: string) => {
		expect(run.runData[node]).toBeDefined();
		expect(run.runData[node][0].error).toBeUndefined();
		return run.runData[node][0].data!.main[0];
	};

	beforeAll(async () => {
		const baseUrl = await simulator.start();
		simulator.addBulkAccounts(250, { users: 5 });
		server().users.push({ userid: 'zoë & co/ops?' });
		server().accounts.push({ id: 7, description: 'shared tablet', userid: 'zoë & co/ops?', blocked: false });
		n8n = await N8nInstance.create(packPackage());
		await n8n.importCredentials([
			{ ...CREDENTIAL, type: 'nextAuthApi', data: { serverId: SERVER_ID, baseUrl, apiKey: KEYS.all } },
		]);
		const definition = workflow();
		await n8n.importWorkflow(definition);
		result = await n8n.execute(definition.id);
		requests = simulator.requests;
		// The examples below start from a fresh world: keep what the run left.
		for (const user of ATTRIBUTE_USERS) attributesAfterRun[user] = simulator.userAttributes(SERVER_ID, user);
		userIdsAfterRun = server().users.map((user: { userid: string }) => user.userid);

		// The examples as shipped, each on a fresh world.
		for (const name of ['nightly-block-stale-accounts', 'offboard-user']) {
			simulator.resetWorld();
			simulator.clearRecords();
			// Two accounts used lately: the nightly example must leave them alone.
			server().accounts.push({
				id: 20,
				description: 'used today',
				userid: 'alice',
				blocked: false,
				lastlogin: Date.now() - DAY_MS,
			});
			server().accounts.push({
				id: 21,
				description: 'used 179 days ago',
				userid: 'bob',
				blocked: false,
				lastlogin: Date.now() - 179 * DAY_MS,
			});
			const example = JSON.parse(readFileSync(path.join(__dirname, `../../examples/${name}.json`), 'utf8'));
			await n8n.importWorkflow(example);
			examples[name] = { result: await n8n.execute(example.id), requests: simulator.requests };
		}
	});

	afterAll(async () => {
		await n8n?.remove();
		await simulator.stop();
	});

	it('runs the whole workflow without a workflow-level error', () => {
		expect(result.error).toBeUndefined();
	});

	it('get many accounts: Return All pages through all 255 accounts; Limit stops at 120 of a filtered list', () => {
		const all = output(result, 'All Accounts');
		expect(all).toHaveLength(255);
		expect(all.map((item) => item.json.id)).toEqual(
			[...all.map((item) => item.json.id as number)].sort((a, b) => a - b),
		);
		expect(all.find((item) => item.json.id === 1000)?.json).toMatchObject({
			id: 1000,
			description: 'Device 1000',
			userid: 'bulk-0',
			clientVersion: '2.4.1',
		});
		const pages = requests.filter(
			(request) => request.path === `${SERVER_PATH}/accounts/` && request.query.sort === 'id',
		);
		expect(pages.map((request) => request.query.marker)).toEqual(['0', '100', '200']);
		expect(output(result, 'Some Accounts').map((item) => item.json.userid)).toEqual(Array(50).fill('bulk-1'));
	});

	it('get, block, unblock, move and delete an account: the wire and the state', () => {
		const single = requests.filter((request) => /\/accounts\/\d+\/(user)?(\?|$)/.test(request.url));
		expect(single.map((request) => `${request.method} ${request.url}`)).toEqual([
			`GET ${SERVER_PATH}/accounts/1/`,
			`PUT ${SERVER_PATH}/accounts/2/?blocked=true`,
			`PUT ${SERVER_PATH}/accounts/4/?blocked=false`,
			`PUT ${SERVER_PATH}/accounts/1000/user?userid=dave%2Fops`,
			`DELETE ${SERVER_PATH}/accounts/1001/`,
			`GET ${SERVER_PATH}/accounts/999999/`,
		]);
		expect(output(result, 'Get Account')[0].json).toEqual({
			id: 1,
			description: "Alice's phone",
			userid: 'alice',
			blocked: false,
			created: 1700000000000,
		});
		expect(output(result, 'Block Account')[0].json).toMatchObject({ id: 2, blocked: true });
		expect(output(result, 'Unblock Account')[0].json).toMatchObject({ id: 4, blocked: false });
		expect(output(result, 'Move Account')[0].json).toMatchObject({ id: 1000, userid: 'dave/ops' });
		expect(output(result, 'Delete Account')).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(output(result, 'Missing Account')).toEqual([
			{
				json: { error: 'Not found (404): there is no account 999999 on this server (or the server ID is wrong)' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('users: search, the accounts of a user with an id full of reserved characters, delete accounts, delete user', () => {
		expect(output(result, 'All Users').map((item) => item.json.userid)).toEqual([
			'bulk-0',
			'bulk-1',
			'bulk-2',
			'bulk-3',
			'bulk-4',
		]);
		expect(output(result, 'User Accounts').map((item) => item.json)).toEqual([
			{ id: 7, description: 'shared tablet', userid: 'zoë & co/ops?', blocked: false },
		]);
		expect(
			requests.some((request) => request.url.startsWith(`${SERVER_PATH}/users/zo%C3%AB%20%26%20co%2Fops%3F/accounts?`)),
		).toBe(true);
		expect(output(result, 'Delete User Accounts')[0].json).toEqual({ deleted: true });
		expect(output(result, 'Delete User')[0].json).toEqual({ deleted: true });
		const userDeletes = requests.filter(
			(request) =>
				request.method === 'DELETE' && request.path.includes('/users/') && !request.path.includes('/attributes/'),
		);
		expect(userDeletes.map((request) => request.path)).toEqual([
			`${SERVER_PATH}/users/bulk-2/accounts`,
			`${SERVER_PATH}/users/bulk-3/`,
		]);
	});

	it('user attributes: the exact wire of Set (POST), Update (PUT), Delete Attribute, Delete Attributes and Get, odd ids and keys as one path segment', () => {
		const attributeCalls = requests.filter((request) => request.path.includes('/attributes/'));
		expect(attributeCalls.map((request) => [request.method, request.url, request.json ?? request.body])).toEqual([
			['POST', `${SERVER_PATH}/users/alice/attributes/`, { group: 'ops', floor: '3' }],
			['PUT', `${SERVER_PATH}/users/bob/attributes/`, { department: 'HR' }],
			['POST', `${SERVER_PATH}/users/new%20hire%2F100%25/attributes/`, { group: 'trainees', zoë: 'ü' }],
			['POST', `${SERVER_PATH}/users/dave%2Fops/attributes/`, ODD_KEYS],
			['DELETE', `${SERVER_PATH}/users/dave%2Fops/attributes/x%3Fy`, null],
			['DELETE', `${SERVER_PATH}/users/dave%2Fops/attributes/100%25`, null],
			['PUT', `${SERVER_PATH}/users/carol.smith/attributes/`, { group: 'ops' }],
			['DELETE', `${SERVER_PATH}/users/carol.smith/attributes/`, null],
			['GET', `${SERVER_PATH}/users/alice/attributes/`, null],
			['GET', `${SERVER_PATH}/users/dave%2Fops/attributes/`, null],
			['PUT', `${SERVER_PATH}/users/ghost/attributes/`, { group: 'ops' }],
		]);
		for (const request of attributeCalls) {
			const writes = request.method === 'POST' || request.method === 'PUT';
			expect(request.headers['content-type']).toBe(writes ? 'application/json' : undefined);
			expect(request.headers).not.toHaveProperty('x-nonce');
			expect(request.query).toEqual({});
		}
		// The body exactly as sent: keys in the order given, non-ASCII as UTF-8.
		expect(attributeCalls[2].body).toBe('{"group":"trainees","zoë":"ü"}');
		expect(attributeCalls.map((request) => request.status)).toEqual([
			200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404,
		]);
	});

	it('user attributes: Set replaced (and created a user), Update merged, the deletes removed — in the simulator state and the outputs', () => {
		expect(attributesAfterRun).toEqual({
			alice: { group: 'ops', floor: '3' }, // replaced: department IT is gone
			bob: { group: 'ops', department: 'HR' }, // merged: group stayed
			'new hire/100%': { group: 'trainees', zoë: 'ü' },
			'dave/ops': { 'a b': '1', zoë: '4', keep: '5' },
			'carol.smith': {},
			ghost: {},
		});
		// Set created the new user; Delete Attributes left carol; Update did not create ghost.
		expect(userIdsAfterRun).toEqual(expect.arrayContaining(['new hire/100%', 'carol.smith']));
		expect(userIdsAfterRun).not.toContain('ghost');

		const only = (node: string) => output(result, node).map((item) => [item.json, item.pairedItem]);
		expect(only('Set Attributes')).toEqual([
			[{ success: true, userid: 'alice', attributes: { group: 'ops', floor: '3' } }, { item: 0 }],
		]);
		expect(only('Update Attributes')).toEqual([
			[{ success: true, userid: 'bob', attributes: { department: 'HR' } }, { item: 0 }],
		]);
		expect(only('Set Attributes of New User')).toEqual([
			[{ success: true, userid: 'new hire/100%', attributes: { group: 'trainees', zoë: 'ü' } }, { item: 0 }],
		]);
		expect(only('Set Odd Keys')[0][0]).toEqual({ success: true, userid: 'dave/ops', attributes: ODD_KEYS });
		for (const node of ['Delete Attribute x?y', 'Delete Attribute 100%', 'Delete Attributes'])
			expect(only(node)).toEqual([[{ deleted: true }, { item: 0 }]]);
		// Read back over GET (the API answers text/plain): alice as replaced, dave after two single deletes.
		expect(only('Get Attributes')).toEqual([
			[{ userid: 'alice', attributes: { group: 'ops', floor: '3' } }, { item: 0 }],
		]);
		expect(only('Get Odd Attributes')).toEqual([
			[{ userid: 'dave/ops', attributes: { 'a b': '1', zoë: '4', keep: '5' } }, { item: 0 }],
		]);
		expect(only('Update Missing User')).toEqual([
			[
				{
					error:
						'Not found (404): there is no user "ghost" on this server (or the server ID is wrong). Update Attributes changes an existing user; Set Attributes creates one',
				},
				{ item: 0 },
			],
		]);
	});

	it("get many users with filter group=ops selects by attribute (alice set, bob kept; carol's deleted)", () => {
		expect(
			requests.find((request) => request.path === `${SERVER_PATH}/users/` && request.query.filter !== undefined)?.query,
		).toEqual({ filter: 'group=ops', limit: '500', marker: '0' });
		expect(output(result, 'Users in Group ops').map((item) => item.json.userid)).toEqual(['alice', 'bob']);
	});

	it("get visual hash: GET /servers/{serverid}/vash, the PNG from n8n's binary storage byte for byte, a base64 copy in the json", () => {
		const calls = requests.filter((request) => request.path.endsWith('/vash'));
		expect(calls.map((request) => [request.method, request.url, request.body, request.headers.accept])).toEqual([
			['GET', `${SERVER_PATH}/vash`, null, 'application/octet-stream'],
		]);
		const [item] = output(result, 'Visual Hash');
		expect(Object.keys(item.binary!)).toEqual(['vash']);
		expect(item.binary!.vash).toMatchObject({
			mimeType: 'image/png',
			fileName: 'nextauth-server-visual-hash.png',
			fileExtension: 'png',
		});
		const expected = simulator.visualHash(SERVER_ID);
		expect(n8n.binaryBytes(item.binary!.vash).equals(expected)).toBe(true);
		expect(item.json).toEqual({ bytes: expected.length, visualhash: expected.toString('base64') });
	});

	it('example "nightly: block accounts with no login for 180 days" blocks the stale ones only', () => {
		const { result: run, requests: sent } = examples['nightly-block-stale-accounts'];
		expect(run.error).toBeUndefined();
		expect(sent[0].query).toEqual({ filter: 'blocked=false', limit: '500', marker: '0' });
		// Accounts 1-3 were never used since 2023 (4 is blocked already); 20 and 21 were used lately.
		expect(output(run, 'Block Account').map((item) => [item.json.id, item.json.blocked])).toEqual([
			[1, true],
			[2, true],
			[3, true],
		]);
		expect(sent.filter((request) => request.method === 'PUT').map((request) => request.url)).toEqual(
			[1, 2, 3].map((id) => `${SERVER_PATH}/accounts/${id}/?blocked=true`),
		);
	});

	it('example "offboard a user" logs out their sessions, deletes their accounts once, then the user', () => {
		const { result: run, requests: sent } = examples['offboard-user'];
		expect(run.error).toBeUndefined();
		expect(
			sent.map((request) => `${request.method} ${request.url} ${request.headers['x-nonce'] ?? ''}`.trim()),
		).toEqual([
			`POST ${SERVER_PATH}/sessions/logout nonce-bob-web`,
			`POST ${SERVER_PATH}/sessions/logout nonce-bob-intranet`,
			`DELETE ${SERVER_PATH}/users/bob/accounts`,
			`DELETE ${SERVER_PATH}/users/bob/`,
		]);
		expect(output(run, 'Delete User')).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(server().users.map((user: { userid: string }) => user.userid)).not.toContain('bob');
		expect(accountIds()).not.toContain(3);
	});

	it('keeps the API key out of everything n8n printed', () => {
		for (const run of [result, ...Object.values(examples).map((example) => example.result)])
			expect(run.stdout).not.toContain(KEYS.all);
	});
});
