/**
 * The administration operations from the packed package in a real n8n (N8N_VERSION): servers,
 * server / privileged / global attributes, permissions, API keys, user roles (NextAuth node) and the
 * HTML blocks (NextAuth Sessions node), in one workflow run by `n8n execute` against the stateful
 * simulator; then the two administration examples as shipped (examples/access-review.json,
 * examples/server-policy.json), each on a fresh world changed so that it has something to report.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ALICE_ROLE, KEYS, LOGGED_IN_NONCE, NextAuthSimulator, ROLES, SERVER_ID } from '../simulator';
import { N8N_VERSION, N8nInstance, packPackage, type ExecutionResult } from './n8nInstance';
import { chain, manualWorkflow } from './workflow';

const SERVER_PATH = '/servers/sim%2BServer%2F0001%3D';
const CREDENTIALS = {
	all: { id: 'nextauth-simulator', name: 'NextAuth (simulator)' },
	admin: { id: 'nextauth-admin', name: 'NextAuth (simulator, admin: no root)' },
};

/** A role id as odd as base64 gets: `+`, `/` and `=` must travel as one path segment. */
const ODD_ROLE = 'ro+le/x=';
const ODD_ROLE_PATH = 'ro%2Ble%2Fx%3D';
const LOGIN_CONTEXT = { announceinfo: { ip: '198.51.100.7', info: { reason: 'checkout & pay' } } };
const FOOTER_SESSIONS = [
	{ serverId: 'other+Server/2=', nonce: 'n-2' },
	{ serverId: SERVER_ID, nonce: LOGGED_IN_NONCE },
];
const PAGE_NONCE = 'page-1';

type Credential = keyof typeof CREDENTIALS;
type Step = [
	name: string,
	type: 'nextAuth' | 'nextAuthSessions',
	parameters: Record<string, unknown>,
	credential?: Credential,
];

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const fields = (attributes: Record<string, string>) => ({
	attributeInput: 'fields',
	attributes: { attribute: Object.entries(attributes).map(([key, value]) => ({ key, value })) },
});
const json = (attributes: Record<string, string>) => ({
	attributeInput: 'json',
	attributesJson: JSON.stringify(attributes),
});
const server = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'server',
	operation,
	...extra,
});
const privileged = (operation: string, extra: Record<string, unknown> = {}) =>
	server(operation, { privileged: true, ...extra });
const global = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'global',
	operation,
	...extra,
});
const permission = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'permission',
	operation,
	...extra,
});
const apiKey = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'apiKey',
	operation,
	...extra,
});
const role = (operation: string, userId: string) => ({ resource: 'user', operation, userId: byId(userId) });

/**
 * Every new operation, in the order they run: one chain, each node once (Execute Once), so the
 * simulator's record is in this order and each step sees what the ones before it left.
 */
const STEPS: Step[] = [
	['Get Server', 'nextAuth', server('get')],
	[
		'Create Server',
		'nextAuth',
		server('create', {
			serverName: 'Branch Office',
			serverFields: { pinTimeout: -1, pingTime: 30, serverFlags: 'nopin, ,noprovoke', siteurl: 'https://branch.test' },
		}),
	],
	[
		'Update New Server',
		'nextAuth',
		server('update', {
			updateFields: { serverName: 'Branch Office (EU)', pingTime: 0 },
			options: { serverId: "={{ $('Create Server').first().json.serverid }}" },
		}),
	],
	['All Servers', 'nextAuth', server('getAll', { returnAll: true })],
	['One Server', 'nextAuth', server('getAll', { limit: 1 })],

	['Set Server Attributes', 'nextAuth', server('setAttributes', fields({ floor: '3', 'rack/row': 'B 7' }))],
	[
		'Set Privileged Attributes',
		'nextAuth',
		privileged('setAttributes', json({ contract: 'C-1', 'cost center': '42' })),
	],
	['Update Server Attributes', 'nextAuth', server('updateAttributes', json({ tier: 'gold' }))],
	['Update Privileged Attributes', 'nextAuth', privileged('updateAttributes', fields({ contract: 'C-2' }))],
	['Delete Server Attribute', 'nextAuth', server('deleteAttribute', { attributeKey: 'rack/row' })],
	['Delete Privileged Attribute', 'nextAuth', privileged('deleteAttribute', { attributeKey: 'cost center' })],
	['Get Server Attributes', 'nextAuth', server('getAttributes')],
	['Delete All Server Attributes', 'nextAuth', server('deleteAttributes')],
	['Get Privileged Attributes', 'nextAuth', privileged('getAttributes')],
	['Delete All Privileged Attributes', 'nextAuth', privileged('deleteAttributes')],

	['Set Global Attributes', 'nextAuth', global('setAttributes', json({ tenant: 'sim-eu', zoë: 'ü' }))],
	['Update Global Attributes', 'nextAuth', global('updateAttributes', fields({ plan: 'pro' }))],
	['Delete Global Attribute', 'nextAuth', global('deleteAttribute', { attributeKey: 'zoë' })],
	['Get Global Attributes', 'nextAuth', global('getAttributes')],
	['Delete All Global Attributes', 'nextAuth', global('deleteAttributes')],

	['All Permissions', 'nextAuth', permission('getAll')],
	['Set Odd Role', 'nextAuth', permission('set', { roleId: ODD_ROLE, permissions: ' sessions, users ' })],
	['Get Odd Role', 'nextAuth', permission('get', { roleId: ODD_ROLE })],
	[
		'Set Support from a List',
		'nextAuth',
		permission('set', { roleId: ROLES.support, permissions: '={{ ["sessions"] }}' }),
	],
	['Set without Root', 'nextAuth', permission('set', { roleId: ROLES.readonly, permissions: 'sessions' }), 'admin'],
	['Revoke Odd Role', 'nextAuth', permission('revoke', { roleId: ODD_ROLE })],

	['Create API Key', 'nextAuth', apiKey('create', { description: 'Access review & co' })],
	['API Keys', 'nextAuth', apiKey('getAll')],
	['API Keys in Full', 'nextAuth', apiKey('getAll', { showKeys: true })],

	['Get Role of Alice', 'nextAuth', role('getRole', 'alice')],
	['Get or Create Role of Dave', 'nextAuth', role('getOrCreateRole', 'dave/ops')],
	['Get Role of Dave', 'nextAuth', role('getRole', 'dave/ops')],

	[
		'Login HTML',
		'nextAuthSessions',
		{
			operation: 'getLoginHtml',
			nonce: PAGE_NONCE,
			sendUserContext: true,
			userContextInput: 'json',
			userContextJson: JSON.stringify(LOGIN_CONTEXT),
		},
	],
	[
		'Enrol HTML',
		'nextAuthSessions',
		{ operation: 'getEnrolHtml', nonce: PAGE_NONCE, enrolName: "Zoë's phone", enrolUserId: 'dave/ops' },
	],
	[
		'Footer HTML',
		'nextAuthSessions',
		{ operation: 'getFooterHtml', nonce: PAGE_NONCE, footerSessions: { session: FOOTER_SESSIONS } },
	],
	['Footer HTML Alone', 'nextAuthSessions', { operation: 'getFooterHtml', nonce: PAGE_NONCE }],
];

function workflow() {
	const nodes = STEPS.map(([name, type, parameters, credential = 'all'], index) => ({
		id: `node-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type: `n8n-nodes-nextauth.${type}`,
		typeVersion: 1,
		position: [200 + (index % 8) * 200, Math.floor(index / 8) * 200],
		parameters,
		credentials: { nextAuthApi: CREDENTIALS[credential] },
		executeOnce: true,
		// Only the refusal goes on: any other failure stops the run, and the test says where.
		...(credential === 'admin' && { onError: 'continueRegularOutput' }),
	}));
	return manualWorkflow({
		id: 'nextauth-e2e-administration',
		name: 'NextAuth e2e: administration',
		nodes,
		connections: chain(['Start', ...nodes.map((node) => node.name)]),
	});
}

const example = (name: string) =>
	JSON.parse(readFileSync(path.join(__dirname, `../../examples/${name}.json`), 'utf8')) as { id: string };

/** How the simulator writes text into its HTML blocks. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
const hsid = (nonce: string) => createHash('sha1').update(nonce).digest('hex');

describe(`the NextAuth nodes (administration) in a real n8n ${N8N_VERSION}`, () => {
	const simulator = new NextAuthSimulator();
	const state = () => simulator.serverState(SERVER_ID);
	let n8n: N8nInstance;
	let result: ExecutionResult;
	let requests: typeof simulator.requests;
	/** What the run left in the simulator, kept before the examples reset the world. */
	let after: {
		serverIds: string[];
		attributes: Record<string, Record<string, string>>;
		roles: Record<string, { permissions: string[] }>;
		daveRole: string | undefined;
	};
	const runs: Record<string, { result: ExecutionResult; requests: typeof simulator.requests }> = {};
	let policyBefore: Record<string, unknown>;

	const output = (run: ExecutionResult, node: string) => {
		expect(run.runData[node]).toBeDefined();
		expect(run.runData[node][0].error).toBeUndefined();
		return run.runData[node][0].data!.main[0];
	};
	const jsonOf = (node: string) => output(result, node).map((item) => item.json);
	const wire = (sent: typeof requests) => sent.map((request) => `${request.method} ${request.url}`);

	beforeAll(async () => {
		const baseUrl = await simulator.start();
		n8n = await N8nInstance.create(packPackage());
		await n8n.importCredentials([
			{ ...CREDENTIALS.all, type: 'nextAuthApi', data: { serverId: SERVER_ID, baseUrl, apiKey: KEYS.all } },
			{ ...CREDENTIALS.admin, type: 'nextAuthApi', data: { serverId: SERVER_ID, baseUrl, apiKey: KEYS.admin } },
		]);
		const definition = workflow();
		await n8n.importWorkflows([definition, example('access-review'), example('server-policy')]);
		result = await n8n.execute(definition.id);
		requests = simulator.requests;
		after = {
			serverIds: Object.keys(simulator.fixture.servers),
			attributes: {
				server: simulator.attributesAt('server'),
				privileged: simulator.attributesAt('privileged'),
				global: simulator.attributesAt('global'),
			},
			roles: structuredClone(state().roles),
			daveRole: state().users.find((user: { userid: string }) => user.userid === 'dave/ops')?.role,
		};

		// Access review: a role holding one permission more than allowed, a role nobody allowed,
		// and a key whose role is not on the list.
		simulator.resetWorld();
		simulator.clearRecords();
		state().roles[ROLES.support].permissions.push('accounts');
		state().roles['role-intruder'] = { permissions: ['sessions'] };
		state().keys['sim-key-rogue-7f3a'] = {
			permissions: ['users'],
			role: 'role-rogue',
			description: 'Temporary export',
			createdBy: ROLES.all,
		};
		runs.accessReview = { result: await n8n.execute('nextauth-example-access-review'), requests: simulator.requests };

		// Server policy: two settings drifted (one to be set back to 0), the third as wanted; then
		// again, with nothing left to set back.
		simulator.resetWorld();
		simulator.clearRecords();
		Object.assign(state().settings, { pinTimeout: 30, pinTransTimeout: 10 });
		runs.policy = { result: await n8n.execute('nextauth-example-server-policy'), requests: simulator.requests };
		policyBefore = { ...state().settings };
		simulator.clearRecords();
		runs.policyAgain = { result: await n8n.execute('nextauth-example-server-policy'), requests: simulator.requests };
	});

	afterAll(async () => {
		await n8n?.remove();
		await simulator.stop();
	});

	it('runs the whole workflow without a workflow-level error, each node once', () => {
		expect(result.error).toBeUndefined();
		for (const [name] of STEPS) expect(result.runData[name]).toHaveLength(1);
	});

	it('server get, create, update (read, then the whole Server written back), get many: the wire, the outputs, the state', () => {
		const [created] = jsonOf('Create Server');
		const newId = created.serverid as string;
		const newPath = `/servers/${encodeURIComponent(newId)}`;
		const serverCalls = requests.filter((request) => /^\/servers\/[^/]*\/?(\?|$)/.test(request.url));
		expect(serverCalls.map((request) => [request.method, request.url, request.json ?? request.body])).toEqual([
			['GET', `${SERVER_PATH}/`, null],
			[
				'POST',
				'/servers/',
				{
					serverName: 'Branch Office',
					pinTimeout: -1,
					pingTime: 30,
					serverFlags: ['nopin', 'noprovoke'],
					siteurl: 'https://branch.test',
				},
			],
			['GET', `${newPath}/`, null],
			['PUT', `${newPath}/`, { ...created, serverName: 'Branch Office (EU)', pingTime: 0 }],
			['GET', '/servers/?limit=500&marker=0', null],
			['GET', '/servers/?limit=1&marker=0', null],
		]);
		expect(newId).toMatch(/^[A-Za-z0-9+/]+=*$/);
		expect(jsonOf('Get Server')).toEqual([
			{
				serverid: SERVER_ID,
				serverpk: 'c2ltLXNlcnZlci1wdWJsaWMta2V5LTAwMDE=',
				serverName: 'Simulated server',
				pinTimeout: 5,
				pinTransTimeout: 0,
				pingTime: 60,
				serverFlags: ['nopin'],
				appname: 'Sim App',
				appurl: 'https://app.example.test',
				appios: '',
				appandroid: '',
				siteurl: 'https://site.example.test',
				wsurl: 'wss://ws.example.test',
				owner: 'role-root',
				accountCount: 4,
				lastLogin: 1764100000000,
			},
		]);
		expect(created).toMatchObject({
			serverName: 'Branch Office',
			pinTimeout: -1,
			pingTime: 30,
			serverFlags: ['nopin', 'noprovoke'],
			owner: ROLES.all,
			accountCount: 0,
		});
		expect(jsonOf('Update New Server')).toEqual([{ ...created, serverName: 'Branch Office (EU)', pingTime: 0 }]);
		expect(jsonOf('All Servers').map((entry) => [entry.serverid, entry.serverName])).toEqual([
			[SERVER_ID, 'Simulated server'],
			[newId, 'Branch Office (EU)'],
		]);
		expect(jsonOf('One Server').map((entry) => entry.serverid)).toEqual([SERVER_ID]);
		expect(after.serverIds).toEqual([SERVER_ID, newId]);
	});

	it('server attributes, plain and privileged: POST replaces, PUT merges, DELETE one key (one segment) or all; the two sets stay apart', () => {
		const calls = requests.filter((request) => /\/(privileged)?attributes\//.test(request.path));
		const plain = `${SERVER_PATH}/attributes/`;
		const priv = `${SERVER_PATH}/privilegedattributes/`;
		expect(calls.map((request) => [request.method, request.url, request.json ?? request.body])).toEqual([
			['POST', plain, { floor: '3', 'rack/row': 'B 7' }],
			['POST', priv, { contract: 'C-1', 'cost center': '42' }],
			['PUT', plain, { tier: 'gold' }],
			['PUT', priv, { contract: 'C-2' }],
			['DELETE', `${plain}rack%2Frow`, null],
			['DELETE', `${priv}cost%20center`, null],
			['GET', plain, null],
			['DELETE', plain, null],
			['GET', priv, null],
			['DELETE', priv, null],
			['POST', '/attributes/', { tenant: 'sim-eu', zoë: 'ü' }],
			['PUT', '/attributes/', { plan: 'pro' }],
			['DELETE', '/attributes/zo%C3%AB', null],
			['GET', '/attributes/', null],
			['DELETE', '/attributes/', null],
		]);
		expect(calls.every((request) => request.status === 200)).toBe(true);
		const names = { serverid: SERVER_ID };
		expect(jsonOf('Set Server Attributes')).toEqual([{ ...names, attributes: { floor: '3', 'rack/row': 'B 7' } }]);
		expect(jsonOf('Update Privileged Attributes')).toEqual([{ ...names, attributes: { contract: 'C-2' } }]);
		expect(jsonOf('Delete Server Attribute')).toEqual([{ ...names, key: 'rack/row', deleted: true }]);
		expect(jsonOf('Delete Privileged Attribute')).toEqual([{ ...names, key: 'cost center', deleted: true }]);
		// Set replaced the fixture's region; the privileged set is its own.
		expect(jsonOf('Get Server Attributes')).toEqual([{ ...names, attributes: { floor: '3', tier: 'gold' } }]);
		expect(jsonOf('Delete All Server Attributes')).toEqual([{ ...names, deleted: true }]);
		// Read after the plain Delete All: the privileged ones are still there.
		expect(jsonOf('Get Privileged Attributes')).toEqual([{ ...names, attributes: { contract: 'C-2' } }]);
		expect(jsonOf('Delete All Privileged Attributes')).toEqual([{ ...names, deleted: true }]);
	});

	it("global attributes: the tenant's, on /attributes/ (no server in the path), outputs without owner names", () => {
		expect(jsonOf('Set Global Attributes')).toEqual([{ attributes: { tenant: 'sim-eu', zoë: 'ü' } }]);
		expect(jsonOf('Update Global Attributes')).toEqual([{ attributes: { plan: 'pro' } }]);
		expect(jsonOf('Delete Global Attribute')).toEqual([{ key: 'zoë', deleted: true }]);
		expect(jsonOf('Get Global Attributes')).toEqual([{ attributes: { tenant: 'sim-eu', plan: 'pro' } }]);
		expect(jsonOf('Delete All Global Attributes')).toEqual([{ deleted: true }]);
		expect(after.attributes).toEqual({ server: {}, privileged: {}, global: {} });
	});

	it("permissions: get many, set / get / revoke an odd role id as one segment, set from a list; without root a 403 naming 'root', nothing changed", () => {
		const calls = requests.filter((request) => request.path.startsWith(`${SERVER_PATH}/permissions/`));
		expect(
			calls.map((request) => [request.method, request.url, request.json ?? request.body, request.headers['x-apikey']]),
		).toEqual([
			['GET', `${SERVER_PATH}/permissions/`, null, KEYS.all],
			['POST', `${SERVER_PATH}/permissions/${ODD_ROLE_PATH}`, ['sessions', 'users'], KEYS.all],
			['GET', `${SERVER_PATH}/permissions/${ODD_ROLE_PATH}`, null, KEYS.all],
			['POST', `${SERVER_PATH}/permissions/${ROLES.support}`, ['sessions'], KEYS.all],
			// Refused before the body is read: the record has the raw body only.
			['POST', `${SERVER_PATH}/permissions/${ROLES.readonly}`, '["sessions"]', KEYS.admin],
			['DELETE', `${SERVER_PATH}/permissions/${ODD_ROLE_PATH}`, null, KEYS.all],
		]);
		expect(calls.map((request) => request.status)).toEqual([200, 200, 200, 200, 403, 200]);
		expect(calls[1].headers['content-type']).toBe('application/json');

		expect(jsonOf('All Permissions')).toEqual([
			{ role: ROLES.support, server: SERVER_ID, acl: 'sessions,users', permissions: ['sessions', 'users'] },
			{ role: ROLES.readonly, server: SERVER_ID, acl: '', permissions: [] },
			{
				role: ROLES.all,
				server: SERVER_ID,
				acl: 'sessions,users,accounts,servers,createserver',
				permissions: ['sessions', 'users', 'accounts', 'servers', 'createserver'],
			},
			{
				role: ROLES.admin,
				server: SERVER_ID,
				acl: 'servers,createserver',
				permissions: ['servers', 'createserver'],
			},
		]);
		expect(jsonOf('Set Odd Role')).toEqual([{ role: ODD_ROLE, server: SERVER_ID, permissions: ['sessions', 'users'] }]);
		expect(jsonOf('Get Odd Role')).toEqual([
			{ role: ODD_ROLE, server: SERVER_ID, acl: 'sessions,users', permissions: ['sessions', 'users'] },
		]);
		expect(jsonOf('Set Support from a List')).toEqual([
			{ role: ROLES.support, server: SERVER_ID, permissions: ['sessions'] },
		]);
		expect(output(result, 'Set without Root')).toEqual([
			{
				json: {
					error:
						"Permission denied (403): this call needs the 'root' permission on the API key's role (or on the credential's Role ID)",
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(jsonOf('Revoke Odd Role')).toEqual([{ role: ODD_ROLE, server: SERVER_ID, revoked: true }]);
		expect(Object.keys(after.roles)).toEqual([ROLES.support, ROLES.readonly, ROLES.all, ROLES.admin]);
		expect(after.roles[ROLES.support].permissions).toEqual(['sessions']);
		expect(after.roles[ROLES.readonly].permissions).toEqual([]);
	});

	it('API keys: Create sends the description in the query (no body) and shows the key once, in full; Get Many lists it masked', () => {
		const calls = requests.filter((request) => request.path === '/apikeys/');
		expect(calls.map((request) => [request.method, request.url, request.body])).toEqual([
			['POST', '/apikeys/?description=Access+review+%26+co', null],
			['GET', '/apikeys/', null],
			['GET', '/apikeys/', null],
		]);
		expect(calls[0].headers).not.toHaveProperty('content-type');
		const [created] = jsonOf('Create API Key');
		expect(created).toEqual({
			apikey: expect.any(String),
			description: 'Access review & co',
			role: expect.any(String),
		});
		const newKey = created.apikey as string;
		expect(newKey).toMatch(/^sim-.*\+\/=$/);

		const masked = jsonOf('API Keys');
		expect(masked).toContainEqual({
			apikey: `…${newKey.slice(-4)}`,
			description: 'Access review & co',
			role: created.role,
		});
		expect(masked).toContainEqual({ apikey: '…ions', description: 'Sessions only', role: 'role-sessions' });
		for (const key of masked) expect(key.apikey).toMatch(/^….{0,4}$/u);
		expect(JSON.stringify(masked)).not.toContain(newKey);
		expect(JSON.stringify(masked)).not.toContain(KEYS.sessions);

		const full = jsonOf('API Keys in Full');
		expect(full.map((key) => key.apikey)).toEqual(expect.arrayContaining([newKey, KEYS.sessions, KEYS.admin]));
		expect(full.map((key) => key.role)).toEqual(masked.map((key) => key.role));
	});

	it('user roles: Get Role reads, Get or Create Role gives dave/ops one (POST, no body), Get Role then reads the same', () => {
		const calls = requests.filter((request) => request.path.endsWith('/role/'));
		expect(calls.map((request) => [request.method, request.url, request.body])).toEqual([
			['GET', `${SERVER_PATH}/users/alice/role/`, null],
			['POST', `${SERVER_PATH}/users/dave%2Fops/role/`, null],
			['GET', `${SERVER_PATH}/users/dave%2Fops/role/`, null],
		]);
		expect(jsonOf('Get Role of Alice')).toEqual([{ userid: 'alice', role: ALICE_ROLE }]);
		const [dave] = jsonOf('Get or Create Role of Dave');
		expect(dave).toEqual({ userid: 'dave/ops', role: expect.any(String) });
		expect(dave.role).toBe(after.daveRole);
		expect(jsonOf('Get Role of Dave')).toEqual([dave]);
	});

	it('HTML blocks: GET bodies (the login user context, the footer sessions) arrive as JSON; enrol has its query; outputs { html }', () => {
		const calls = requests.filter((request) => request.path.startsWith(`${SERVER_PATH}/sessions/html/`));
		expect(calls.map((request) => [request.method, request.url, request.json, request.headers['x-nonce']])).toEqual([
			['GET', `${SERVER_PATH}/sessions/html/login`, LOGIN_CONTEXT, PAGE_NONCE],
			['GET', `${SERVER_PATH}/sessions/html/enrol?name=Zo%C3%AB%27s+phone&userid=dave%2Fops`, undefined, PAGE_NONCE],
			[
				'GET',
				`${SERVER_PATH}/sessions/html/footer`,
				{ sessions: FOOTER_SESSIONS.map(({ serverId, nonce }) => ({ serverid: serverId, sessionid: nonce })) },
				PAGE_NONCE,
			],
			['GET', `${SERVER_PATH}/sessions/html/footer`, undefined, PAGE_NONCE],
		]);
		expect(calls.map((request) => request.headers['content-type'])).toEqual([
			'application/json',
			undefined,
			'application/json',
			undefined,
		]);
		expect(calls.map((request) => request.body === null)).toEqual([false, true, false, true]);
		expect(calls.every((request) => request.headers.accept === 'text/html' && request.status === 200)).toBe(true);

		const page = hsid(PAGE_NONCE);
		expect(jsonOf('Login HTML')).toEqual([
			{
				html:
					`<div class="nextauth-login" data-hsid="${page}" data-context="${escapeHtml(JSON.stringify(LOGIN_CONTEXT))}">` +
					'<p>Log in with the nextAuth app</p></div>',
			},
		]);
		expect(jsonOf('Enrol HTML')).toEqual([
			{
				html:
					`<div class="nextauth-enrol" data-hsid="${page}"><p>Enrol a device` +
					` <span class="name">Zoë&#39;s phone</span> <span class="userid">dave/ops</span></p></div>`,
			},
		]);
		const items = FOOTER_SESSIONS.map(
			({ serverId, nonce }) => `<li data-serverid="${serverId}" data-sessionid="${nonce}">${serverId} ${nonce}</li>`,
		).join('');
		expect(jsonOf('Footer HTML')).toEqual([
			{ html: `<div class="nextauth-footer" data-hsid="${page}"><ul>${items}</ul></div>` },
		]);
		expect(jsonOf('Footer HTML Alone')).toEqual([{ html: `<div class="nextauth-footer" data-hsid="${page}"></div>` }]);
	});

	it('example "access review" reads permissions and keys once each and reports each extra permission and unlisted key', () => {
		const { result: run, requests: sent } = runs.accessReview;
		expect(run.error).toBeUndefined();
		expect(wire(sent)).toEqual([`GET ${SERVER_PATH}/permissions/`, 'GET /apikeys/']);
		const messages = [
			`Role ${ROLES.support} holds more than allowed on server ${SERVER_ID}: accounts`,
			`Role role-intruder holds more than allowed on server ${SERVER_ID}: sessions (the role is not on the allowed list)`,
			'API key …7f3a ("Temporary export", role role-rogue) is not on the allowed list',
		].map((text) => ({ text }));
		expect(output(run, 'Find Extra Access').map((item) => item.json)).toEqual(messages);
		// The Slack node ships disabled: it passes the messages on as they are.
		expect(output(run, 'Report to Security Channel').map((item) => item.json)).toEqual(messages);
		expect(run.stdout).not.toContain('sim-key-rogue-7f3a');
	});

	it('example "server policy" sets back only the drifted fields (0 included), then says what changed', () => {
		const { result: run, requests: sent } = runs.policy;
		expect(run.error).toBeUndefined();
		expect(wire(sent)).toEqual([`GET ${SERVER_PATH}/`, `GET ${SERVER_PATH}/`, `PUT ${SERVER_PATH}/`]);
		const [read] = output(run, 'Get Server');
		expect(read.json).toMatchObject({ pinTimeout: 30, pinTransTimeout: 10, pingTime: 60 });
		expect(sent[2].json).toEqual({ ...read.json, pinTimeout: 5, pinTransTimeout: 0 });
		expect(policyBefore).toMatchObject({ pinTimeout: 5, pinTransTimeout: 0, pingTime: 60 });
		expect(output(run, 'Set Back Drifted Fields').map((item) => item.json)).toEqual([
			{ ...read.json, pinTimeout: 5, pinTransTimeout: 0 },
		]);
		const message = {
			text: 'Server policy: Simulated server had drifted and was set back (pinTimeout: 30 → 5, pinTransTimeout: 10 → 0)',
		};
		expect(output(run, 'Drift Message').map((item) => item.json)).toEqual([message]);
		expect(output(run, 'Report to Security Channel').map((item) => item.json)).toEqual([message]);
	});

	it('example "server policy" run again with nothing drifted: one read, no update, no message', () => {
		const { result: run, requests: sent } = runs.policyAgain;
		expect(run.error).toBeUndefined();
		expect(wire(sent)).toEqual([`GET ${SERVER_PATH}/`]);
		expect(output(run, 'Find Drift')).toEqual([]);
		for (const node of ['Set Back Drifted Fields', 'Drift Message', 'Report to Security Channel'])
			expect(run.runData[node]).toBeUndefined();
		expect(state().settings).toMatchObject({ pinTimeout: 5, pinTransTimeout: 0, pingTime: 60 });
	});

	it("keeps the credential's API key out of everything n8n printed", () => {
		for (const run of [result, ...Object.values(runs).map((entry) => entry.result)]) {
			expect(run.stdout).not.toContain(KEYS.all);
		}
	});
});
