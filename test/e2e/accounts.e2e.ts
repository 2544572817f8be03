/**
 * The NextAuth node (accounts and users) from the packed package in a real n8n 2.41.1: one
 * workflow with every operation, and the two example workflows as shipped, run by `n8n execute`
 * against the stateful simulator.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { KEYS, NextAuthSimulator, SERVER_ID } from '../simulator';
import { N8nInstance, packPackage, type ExecutionResult } from './n8nInstance';

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

/** Start → every operation of the NextAuth node, each on accounts and users of its own. */
function workflow() {
	const nodes = [
		nextAuthNode('All Accounts', 0, { resource: 'account', operation: 'getAll', returnAll: true, filters: { sort: 'id' } }),
		nextAuthNode('Some Accounts', 100, { resource: 'account', operation: 'getAll', limit: 120, filters: { filter: 'userid=bulk-1' } }),
		nextAuthNode('Get Account', 200, { resource: 'account', operation: 'get', accountId: byId(1) }),
		nextAuthNode('Block Account', 300, { resource: 'account', operation: 'block', accountId: byId(2) }),
		nextAuthNode('Unblock Account', 400, { resource: 'account', operation: 'unblock', accountId: byId(4) }),
		nextAuthNode('Move Account', 500, { resource: 'account', operation: 'setUser', accountId: byId(1000), userId: byId('dave/ops') }),
		nextAuthNode('Delete Account', 600, { resource: 'account', operation: 'delete', accountId: byId(1001) }),
		nextAuthNode('Missing Account', 700, { resource: 'account', operation: 'get', accountId: byId(999999) }, true),
		nextAuthNode('All Users', 800, { resource: 'user', operation: 'getAll', returnAll: true, filters: { search: 'bulk-' } }),
		nextAuthNode('User Accounts', 900, { resource: 'user', operation: 'getAccounts', userId: byId('zoë & co/ops?'), returnAll: true }),
		nextAuthNode('Delete User Accounts', 1000, { resource: 'user', operation: 'deleteAccounts', userId: byId('bulk-2') }),
		nextAuthNode('Delete User', 1100, { resource: 'user', operation: 'delete', userId: byId('bulk-3') }),
	];
	return {
		id: 'nextauth-e2e-accounts',
		name: 'NextAuth e2e: accounts and users',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, ...nodes],
		connections: { Start: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
	};
}

describe('the NextAuth node (accounts and users) in a real n8n 2.41.1', () => {
	const simulator = new NextAuthSimulator();
	const server = () => simulator.serverState(SERVER_ID);
	const accountIds = () => server().accounts.map((account: { id: number }) => account.id);
	let n8n: N8nInstance;
	let result: ExecutionResult;
	let requests: typeof simulator.requests;
	const examples: Record<string, { result: ExecutionResult; requests: typeof simulator.requests }> = {};

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
		await n8n.importCredentials([{ ...CREDENTIAL, type: 'nextAuthApi', data: { serverId: SERVER_ID, baseUrl, apiKey: KEYS.all } }]);
		const definition = workflow();
		await n8n.importWorkflow(definition);
		result = await n8n.execute(definition.id);
		requests = simulator.requests;

		// The examples as shipped, each on a fresh world.
		for (const name of ['nightly-block-stale-accounts', 'offboard-user']) {
			simulator.resetWorld();
			simulator.clearRecords();
			// Two accounts used lately: the nightly example must leave them alone.
			server().accounts.push({ id: 20, description: 'used today', userid: 'alice', blocked: false, lastlogin: Date.now() - DAY_MS });
			server().accounts.push({ id: 21, description: 'used 179 days ago', userid: 'bob', blocked: false, lastlogin: Date.now() - 179 * DAY_MS });
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
		expect(all.map((item) => item.json.id)).toEqual([...all.map((item) => item.json.id as number)].sort((a, b) => a - b));
		expect(all.find((item) => item.json.id === 1000)?.json).toMatchObject({ id: 1000, description: 'Device 1000', userid: 'bulk-0', clientVersion: '2.4.1' });
		const pages = requests.filter((request) => request.path === `${SERVER_PATH}/accounts/` && request.query.sort === 'id');
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
		expect(output(result, 'Get Account')[0].json).toEqual({ id: 1, description: "Alice's phone", userid: 'alice', blocked: false, created: 1700000000000 });
		expect(output(result, 'Block Account')[0].json).toMatchObject({ id: 2, blocked: true });
		expect(output(result, 'Unblock Account')[0].json).toMatchObject({ id: 4, blocked: false });
		expect(output(result, 'Move Account')[0].json).toMatchObject({ id: 1000, userid: 'dave/ops' });
		expect(output(result, 'Delete Account')).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(output(result, 'Missing Account')).toEqual([
			{ json: { error: 'Not found (404): there is no account 999999 on this server (or the server ID is wrong)' }, pairedItem: { item: 0 } },
		]);
	});

	it('users: search, the accounts of a user with an id full of reserved characters, delete accounts, delete user', () => {
		expect(output(result, 'All Users').map((item) => item.json.userid)).toEqual(['bulk-0', 'bulk-1', 'bulk-2', 'bulk-3', 'bulk-4']);
		expect(output(result, 'User Accounts').map((item) => item.json)).toEqual([{ id: 7, description: 'shared tablet', userid: 'zoë & co/ops?', blocked: false }]);
		expect(requests.some((request) => request.url.startsWith(`${SERVER_PATH}/users/zo%C3%AB%20%26%20co%2Fops%3F/accounts?`))).toBe(true);
		expect(output(result, 'Delete User Accounts')[0].json).toEqual({ deleted: true });
		expect(output(result, 'Delete User')[0].json).toEqual({ deleted: true });
		expect(requests.filter((request) => request.method === 'DELETE' && request.path.includes('/users/')).map((request) => request.path)).toEqual([
			`${SERVER_PATH}/users/bulk-2/accounts`,
			`${SERVER_PATH}/users/bulk-3/`,
		]);
	});

	it('example "nightly: block accounts with no login for 180 days" blocks the stale ones only', () => {
		const { result: run, requests: sent } = examples['nightly-block-stale-accounts'];
		expect(run.error).toBeUndefined();
		expect(sent[0].query).toEqual({ filter: 'blocked=false', limit: '500', marker: '0' });
		// Accounts 1-3 were never used since 2023 (4 is blocked already); 20 and 21 were used lately.
		expect(output(run, 'Block Account').map((item) => [item.json.id, item.json.blocked])).toEqual([[1, true], [2, true], [3, true]]);
		expect(sent.filter((request) => request.method === 'PUT').map((request) => request.url)).toEqual(
			[1, 2, 3].map((id) => `${SERVER_PATH}/accounts/${id}/?blocked=true`),
		);
	});

	it('example "offboard a user" logs out their sessions, deletes their accounts once, then the user', () => {
		const { result: run, requests: sent } = examples['offboard-user'];
		expect(run.error).toBeUndefined();
		expect(sent.map((request) => `${request.method} ${request.url} ${request.headers['x-nonce'] ?? ''}`.trim())).toEqual([
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
		for (const run of [result, ...Object.values(examples).map((example) => example.result)]) expect(run.stdout).not.toContain(KEYS.all);
	});
});
