/**
 * The packed package in a real n8n (N8N_VERSION): installed like a community package, one workflow
 * with every operation run by `n8n execute`, asserted on n8n's output and the simulator's record.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { KEYS, NextAuthSimulator, ROLES, SERVER_ID } from '../simulator';
import { N8N_VERSION, N8nInstance, packPackage, type ExecutionResult } from './n8nInstance';
import { manualWorkflow } from './workflow';

const SERVER_PATH = '/servers/sim%2BServer%2F0001%3D';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** `newUser`: a user name to enrol and register, with characters that need encoding. */
const ROWS = [
	{ n: '1', user: 'alice', account: 1, ip: '203.0.113.1', newUser: 'zoë' },
	{ n: '2', user: 'dave/ops', account: 3, ip: '203.0.113.2', newUser: 'x?y & 100%' },
	{ n: '3', user: 'mallory', account: 999, ip: '203.0.113.3', newUser: 'nobody' },
];

/** How each row's newUser travels in a query (form encoding: a space is `+`). */
const NEW_USER_QUERY = ['zo%C3%AB', 'x%3Fy+%26+100%25', 'nobody'];

const CREDENTIALS = {
	plain: { id: 'nextauth-plain', name: 'NextAuth (simulator)' },
	role: { id: 'nextauth-role', name: 'NextAuth (simulator, role)' },
	emptyRole: { id: 'nextauth-empty-role', name: 'NextAuth (simulator, empty role)' },
};

type CredentialName = keyof typeof CREDENTIALS;

function nextAuthNode(
	name: string,
	y: number,
	parameters: Record<string, unknown>,
	credential: CredentialName = 'plain',
	continueOnFail = false,
) {
	return {
		id: `node-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type: 'n8n-nodes-nextauth.nextAuthSessions',
		typeVersion: 1,
		position: [600, y],
		parameters,
		credentials: { nextAuthApi: CREDENTIALS[credential] },
		...(continueOnFail && { onError: 'continueRegularOutput' }),
	};
}

/** Start → one item holding ROWS → one item per row → every NextAuth node. */
function workflow() {
	const nodes = [
		nextAuthNode('Get Session', 0, { operation: 'getSession', nonce: '={{ "get-" + $json.n }}' }),
		nextAuthNode('QR PNG', 150, {
			operation: 'getQrLogin',
			nonce: '={{ "png-" + $json.n }}',
			qrSize: 200,
			sendUserContext: true,
			userContextInput: 'fields',
			sessionInfo: { ip: '={{ $json.ip }}', info: '={{ JSON.stringify({ row: $json.n }) }}' },
		}),
		nextAuthNode('QR Raw', 300, {
			operation: 'getQrLogin',
			nonce: '={{ "raw-" + $json.n }}',
			qrFormat: 'raw',
			binaryPropertyName: 'qr',
			sendUserContext: true,
			userContextInput: 'json',
			userContextJson: '={{ JSON.stringify({ announceinfo: { useragent: "e2e/" + $json.n } }) }}',
		}),
		nextAuthNode('Log Out', 450, { operation: 'logout', nonce: '={{ "logout-" + $json.n }}' }),
		nextAuthNode('Push Login', 600, { operation: 'provokeLogin', nonce: '={{ "push-" + $json.n }}' }, 'plain', true),
		nextAuthNode(
			'Push Account',
			750,
			{
				operation: 'provokeLoginOnAccount',
				nonce: '={{ "account-" + $json.n }}',
				accountId: { __rl: true, mode: 'id', value: '={{ $json.account }}' },
			},
			'plain',
			true,
		),
		nextAuthNode(
			'Push User',
			900,
			{
				operation: 'provokeLoginOnUser',
				nonce: '={{ "user-" + $json.n }}',
				userId: { __rl: true, mode: 'id', value: '={{ $json.user }}' },
				sendUserContext: true,
				announceInfo: { ip: '={{ $json.ip }}' },
			},
			'plain',
			true,
		),
		nextAuthNode('Enrol QR PNG', 1500, {
			operation: 'getQrEnrol',
			nonce: '={{ "enrol-png-" + $json.n }}',
			enrolName: '={{ "Phone " + $json.n + " of " + $json.newUser }}',
			enrolUserId: '={{ $json.newUser }}',
			qrSize: 240,
		}),
		nextAuthNode('Enrol QR Raw', 1650, {
			operation: 'getQrEnrol',
			nonce: '={{ "enrol-raw-" + $json.n }}',
			enrolName: 'Shared tablet',
			qrFormat: 'raw',
			binaryPropertyName: 'qr',
		}),
		nextAuthNode(
			'Register User',
			1800,
			{ operation: 'registerUser', nonce: '={{ "register-" + $json.n }}', registerUserId: '={{ $json.newUser }}' },
			'plain',
			true,
		),
		nextAuthNode('Role Session', 1050, { operation: 'getSession', nonce: '={{ "role-" + $json.n }}' }, 'role'),
		nextAuthNode(
			'Empty Role Session',
			1200,
			{ operation: 'getSession', nonce: '={{ "empty-" + $json.n }}' },
			'emptyRole',
		),
		nextAuthNode(
			'Request Approval',
			1350,
			{
				operation: 'createTransaction',
				nonce: '={{ "approve-" + $json.n }}',
				transactionDescription: '={{ "Release payment " + $json.n }}',
				beneficiary: 'ACME Ltd.',
				waitForDecision: true,
				pollInterval: 0.2,
				waitTimeout: 10,
			},
			'plain',
			true,
		),
	];
	return manualWorkflow({
		id: 'nextauth-e2e-operations',
		name: 'NextAuth e2e: every operation',
		nodes: [
			{
				id: 'rows',
				name: 'Rows',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows: ROWS }), options: {} },
			},
			{
				id: 'split',
				name: 'Split Rows',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'rows', options: {} },
			},
			...nodes,
			{
				...nextAuthNode(
					'Get Approval Result',
					1350,
					{ operation: 'getTransactionResult', transactionId: '={{ $json.transactionId }}' },
					'plain',
					true,
				),
				position: [800, 1350],
			},
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Split Rows', type: 'main', index: 0 }]] },
			'Split Rows': { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] },
			'Request Approval': { main: [[{ node: 'Get Approval Result', type: 'main', index: 0 }]] },
		},
	});
}

describe(`n8n-nodes-nextauth in a real n8n ${N8N_VERSION}`, () => {
	const simulator = new NextAuthSimulator();
	let n8n: N8nInstance;
	let result: ExecutionResult;
	let exampleResult: ExecutionResult;
	/** The accounts enrolled without a user before the run, logged in on sessions register-1 and register-2. */
	const enrolledForRegister: Array<{ id: number }> = [];

	const output = (node: string) => {
		const runs = result.runData[node];
		expect(runs).toBeDefined();
		expect(runs[0].error).toBeUndefined();
		return runs[0].data!.main[0];
	};
	const requestsFor = (prefix: string) =>
		simulator.requests.filter((request) => String(request.headers['x-nonce']).startsWith(prefix));

	beforeAll(async () => {
		const baseUrl = await simulator.start();
		for (const row of ROWS.slice(0, 2)) {
			simulator.confirmLogin(SERVER_ID, `push-${row.n}`, row.user, row.account);
			simulator.confirmLogin(SERVER_ID, `approve-${row.n}`, row.user, row.account);
		}
		simulator.decideTransactions({ decision: 'approve', afterPolls: 2 });
		// Register User names the account logged in on a session: two accounts enrolled without a
		// user (as the API makes them: the enrol call, then the app's scan), the third session has nobody.
		for (const row of ROWS.slice(0, 2)) {
			const enrol = await fetch(`${baseUrl}${SERVER_PATH}/sessions/qr/enrol?name=Unassigned+${row.n}`, {
				headers: { 'x-apikey': KEYS.all, 'x-nonce': `register-${row.n}` },
			});
			expect(enrol.status).toBe(200);
			enrolledForRegister.push(simulator.completeEnrolment(SERVER_ID, `register-${row.n}`));
		}
		const tarball = packPackage();
		n8n = await N8nInstance.create(tarball);
		const data = { serverId: SERVER_ID, baseUrl };
		await n8n.importCredentials([
			{ ...CREDENTIALS.plain, type: 'nextAuthApi', data: { ...data, apiKey: KEYS.all } },
			{ ...CREDENTIALS.role, type: 'nextAuthApi', data: { ...data, apiKey: KEYS.root, roleId: ROLES.support } },
			{ ...CREDENTIALS.emptyRole, type: 'nextAuthApi', data: { ...data, apiKey: KEYS.sessions, roleId: '' } },
		]);
		const definition = workflow();
		await n8n.importWorkflow(definition);
		result = await n8n.execute(definition.id);
		// The "approve before acting" example, as shipped, with the credential id the examples use.
		await n8n.importCredentials([
			{
				id: 'nextauth-simulator',
				name: 'NextAuth (simulator)',
				type: 'nextAuthApi',
				data: { ...data, apiKey: KEYS.all },
			},
		]);
		const example = JSON.parse(readFileSync(path.join(__dirname, '../../examples/approve-before-acting.json'), 'utf8'));
		await n8n.importWorkflow(example);
		exampleResult = await n8n.execute(example.id);
	});

	afterAll(async () => {
		await n8n?.remove();
		await simulator.stop();
	});

	it('runs the whole workflow without a workflow-level error', () => {
		expect(result.error).toBeUndefined();
	});

	it('get session: GET …/sessions/ per item, LoginStatus out', () => {
		const requests = requestsFor('get-');
		expect(requests.map((request) => [request.method, request.url, request.body])).toEqual(
			ROWS.map(() => ['GET', `${SERVER_PATH}/sessions/`, null]),
		);
		for (const request of requests) {
			expect(request.headers['x-apikey']).toBe(KEYS.all);
			expect(request.headers).not.toHaveProperty('x-su');
		}
		expect(output('Get Session')).toEqual(
			ROWS.map((row, item) => ({
				json: { ...simulator.session(SERVER_ID, `get-${row.n}`) },
				pairedItem: { item },
			})),
		);
	});

	it('QR PNG: a GET carrying the user context as JSON body, PNG bytes stored by n8n', () => {
		const requests = requestsFor('png-');
		expect(requests).toHaveLength(ROWS.length);
		requests.forEach((request, index) => {
			expect(request.method).toBe('GET');
			expect(request.url).toBe(`${SERVER_PATH}/sessions/qr/login?img=png&s=200`);
			expect(request.headers['content-type']).toBe('application/json');
			expect(request.headers.accept).toBe('application/octet-stream');
			expect(request.json).toEqual({ sessioninfo: { ip: ROWS[index].ip, info: { row: ROWS[index].n } } });
		});
		const items = output('QR PNG');
		expect(items).toHaveLength(ROWS.length);
		for (const item of items) {
			expect(item.binary!.data).toMatchObject({ mimeType: 'image/png', fileName: 'nextauth-login-qr.png' });
			const png = n8n.binaryBytes(item.binary!.data);
			expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
			expect(png.readUInt32BE(16)).toBe(200);
			expect(item.json).toEqual({ format: 'png', size: 200, bytes: png.length });
		}
	});

	it('QR raw: no img query, JSON-mode body, the raw payload as octet-stream', () => {
		const requests = requestsFor('raw-');
		expect(requests.map((request) => [request.method, request.url, request.json])).toEqual(
			ROWS.map((row) => ['GET', `${SERVER_PATH}/sessions/qr/login`, { announceinfo: { useragent: `e2e/${row.n}` } }]),
		);
		output('QR Raw').forEach((item, index) => {
			expect(item.binary!.qr).toMatchObject({
				mimeType: 'application/octet-stream',
				fileName: 'nextauth-login-qr.bin',
			});
			const raw = n8n.binaryBytes(item.binary!.qr);
			expect(raw.toString('base64')).toBe(simulator.session(SERVER_ID, `raw-${ROWS[index].n}`).loginqrdata);
		});
	});

	it('log out: POST …/sessions/logout without a body', () => {
		expect(requestsFor('logout-').map((request) => [request.method, request.url, request.body])).toEqual(
			ROWS.map(() => ['POST', `${SERVER_PATH}/sessions/logout`, null]),
		);
		expect(output('Log Out')).toEqual(ROWS.map((_, item) => ({ json: { success: true }, pairedItem: { item } })));
	});

	it('push login: POST …/sessions/provokelogin; with continue-on-fail the refused item stays in place', () => {
		expect(requestsFor('push-').map((request) => [request.method, request.url, request.body])).toEqual(
			ROWS.map(() => ['POST', `${SERVER_PATH}/sessions/provokelogin`, null]),
		);
		expect(output('Push Login')).toEqual([
			{ json: { success: true }, pairedItem: { item: 0 } },
			{ json: { success: true }, pairedItem: { item: 1 } },
			{ json: { error: 'The nextAuth API rejected the request as invalid (400)' }, pairedItem: { item: 2 } },
		]);
	});

	it('push to account: the account id from an expression in the path', () => {
		expect(requestsFor('account-').map((request) => [request.method, request.url])).toEqual(
			ROWS.map((row) => ['POST', `${SERVER_PATH}/accounts/${row.account}/provokelogin`]),
		);
		expect(output('Push Account')).toEqual([
			{ json: { success: true }, pairedItem: { item: 0 } },
			{ json: { success: true }, pairedItem: { item: 1 } },
			{
				json: { error: 'Not found (404): there is no account 999 on this server (or the server ID is wrong)' },
				pairedItem: { item: 2 },
			},
		]);
	});

	it('push to user: the user id percent-encoded as one segment, the user context as JSON', () => {
		const requests = requestsFor('user-');
		expect(requests.map((request) => [request.method, request.url, request.json])).toEqual(
			ROWS.map((row) => [
				'POST',
				`${SERVER_PATH}/users/${encodeURIComponent(row.user)}/provokelogin`,
				{ announceinfo: { ip: row.ip } },
			]),
		);
		expect(output('Push User')).toEqual([
			{ json: { success: true }, pairedItem: { item: 0 } },
			{ json: { success: true }, pairedItem: { item: 1 } },
			{
				json: { error: 'Not found (404): there is no user "mallory" on this server (or the server ID is wrong)' },
				pairedItem: { item: 2 },
			},
		]);
	});

	it('request approval: the Transaction with "benificiary", polls without a nonce until approved; nobody logged in is an error item', () => {
		const created = requestsFor('approve-').filter((request) => request.method === 'POST');
		expect(created.map((request) => [request.url, request.json])).toEqual(
			ROWS.map((row) => [
				`${SERVER_PATH}/sessions/transactions`,
				{ description: `Release payment ${row.n}`, benificiary: 'ACME Ltd.' },
			]),
		);
		const [first, second, third] = output('Request Approval');
		for (const [item, index] of [
			[first, 0],
			[second, 1],
		] as const) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ status: 'approved', approved: true, decided: true });
			const polls = simulator.requests.filter(
				(request) =>
					request.path === `${SERVER_PATH}/transactions/${encodeURIComponent(String(item.json.transactionId))}`,
			);
			expect(polls.length).toBeGreaterThanOrEqual(2);
			for (const poll of polls) expect(poll.headers).not.toHaveProperty('x-nonce');
		}
		expect(third).toEqual({
			json: { error: 'Nobody is logged in on this session: a transaction needs a logged-in user (403)' },
			pairedItem: { item: 2 },
		});
	});

	it('get approval result: the decided transactions read back; the error item has no id to read', () => {
		const [first, second, third] = output('Get Approval Result');
		expect(first.json).toEqual({
			transactionId: output('Request Approval')[0].json.transactionId,
			status: 'approved',
			approved: true,
			decided: true,
		});
		expect(second.json.status).toBe('approved');
		expect(third.json).toEqual({ error: 'Transaction ID: is required' });
	});

	it('the "approve before acting" example runs as shipped: approved, then Act', () => {
		expect(exampleResult.error).toBeUndefined();
		expect(exampleResult.runData['Request Approval'][0].data!.main[0][0].json).toMatchObject({
			status: 'approved',
			approved: true,
		});
		expect(exampleResult.runData.Act[0].data!.main[0][0].json).toMatchObject({ done: 'Release payment #1042' });
		expect(exampleResult.runData.Alert).toBeUndefined();
	});

	it('enrolment QR PNG: GET …/sessions/qr/enrol?name=…&userid=…&img=png&s=… without a body, the PNG n8n stored byte for byte as served', () => {
		const requests = requestsFor('enrol-png-');
		expect(requests.map((request) => [request.method, request.url, request.body])).toEqual(
			ROWS.map((row, index) => [
				'GET',
				`${SERVER_PATH}/sessions/qr/enrol?name=${`Phone+${row.n}+of+${NEW_USER_QUERY[index]}`}&userid=${NEW_USER_QUERY[index]}&img=png&s=240`,
				null,
			]),
		);
		for (const request of requests) {
			expect(request.headers.accept).toBe('application/octet-stream');
			expect(request.headers).not.toHaveProperty('content-type');
			expect(request.status).toBe(200);
		}
		const items = output('Enrol QR PNG');
		expect(items.map((item) => item.pairedItem)).toEqual(ROWS.map((_, item) => ({ item })));
		items.forEach((item, index) => {
			const enrolment = simulator.pendingEnrolment(SERVER_ID, `enrol-png-${ROWS[index].n}`)!;
			expect(enrolment).toMatchObject({
				name: `Phone ${ROWS[index].n} of ${ROWS[index].newUser}`,
				userid: ROWS[index].newUser,
			});
			expect(item.binary!.data).toMatchObject({
				mimeType: 'image/png',
				fileName: 'nextauth-enrol-qr.png',
				fileExtension: 'png',
			});
			const png = n8n.binaryBytes(item.binary!.data);
			expect(png.equals(enrolment.served!)).toBe(true);
			expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
			expect(png.readUInt32BE(16)).toBe(240);
			expect(item.json).toEqual({ format: 'png', size: 240, bytes: png.length });
		});
	});

	it('enrolment QR raw: no userid, img or s; the payload (not UTF-8) byte for byte in the field named, and as base64 enrolqrdata', () => {
		expect(requestsFor('enrol-raw-').map((request) => [request.method, request.url, request.body])).toEqual(
			ROWS.map(() => ['GET', `${SERVER_PATH}/sessions/qr/enrol?name=Shared+tablet`, null]),
		);
		output('Enrol QR Raw').forEach((item, index) => {
			const { payload } = simulator.pendingEnrolment(SERVER_ID, `enrol-raw-${ROWS[index].n}`)!;
			expect(payload.includes(0xff)).toBe(true);
			expect(Object.keys(item.binary!)).toEqual(['qr']);
			expect(item.binary!.qr).toMatchObject({
				mimeType: 'application/octet-stream',
				fileName: 'nextauth-enrol-qr.bin',
			});
			expect(n8n.binaryBytes(item.binary!.qr).equals(payload)).toBe(true);
			expect(item.json).toEqual({ format: 'raw', bytes: payload.length, enrolqrdata: payload.toString('base64') });
		});
	});

	it('the enrolment n8n asked for works: scanned, it makes an account under the user given', () => {
		const account = simulator.completeEnrolment(SERVER_ID, 'enrol-png-2');
		expect(account).toMatchObject({ description: 'Phone 2 of x?y & 100%', userid: 'x?y & 100%', blocked: false });
		expect(simulator.serverState(SERVER_ID).users.map((user: { userid: string }) => user.userid)).toContain(
			'x?y & 100%',
		);
	});

	it('register user: POST …/sessions/registeruser?userid=… without a body names the logged-in account; nobody logged in is the 403 sentence', () => {
		const posts = requestsFor('register-').filter((request) => request.method === 'POST');
		expect(posts.map((request) => [request.url, request.headers['x-nonce'], request.body, request.status])).toEqual(
			ROWS.map((row, index) => [
				`${SERVER_PATH}/sessions/registeruser?userid=${NEW_USER_QUERY[index]}`,
				`register-${row.n}`,
				null,
				index < 2 ? 200 : 403,
			]),
		);
		for (const request of posts) expect(request.headers).not.toHaveProperty('content-type');
		expect(output('Register User')).toEqual([
			{ json: { success: true, userid: 'zoë' }, pairedItem: { item: 0 } },
			{ json: { success: true, userid: 'x?y & 100%' }, pairedItem: { item: 1 } },
			{
				json: {
					error:
						"The nextAuth API refused to register user \"nobody\" on this session (403): either nobody is logged in on the session (the user name goes to the account logged in on it), or the API key's role (or the Role ID) lacks the 'users' permission",
				},
				pairedItem: { item: 2 },
			},
		]);
		// The state: each enrolled account now belongs to its new user; nobody was not created.
		const accounts = simulator.serverState(SERVER_ID).accounts as Array<{ id: number; userid?: string }>;
		expect(enrolledForRegister.map(({ id }) => accounts.find((account) => account.id === id)?.userid)).toEqual([
			'zoë',
			'x?y & 100%',
		]);
		expect(simulator.serverState(SERVER_ID).users.map((user: { userid: string }) => user.userid)).not.toContain(
			'nobody',
		);
	});

	it('sends X-su for a credential with a role id, and none for an empty role id', () => {
		expect(requestsFor('role-').map((request) => [request.headers['x-apikey'], request.headers['x-su']])).toEqual(
			ROWS.map(() => [KEYS.root, ROLES.support]),
		);
		expect(output('Role Session')).toHaveLength(ROWS.length);
		const emptyRole = requestsFor('empty-');
		expect(emptyRole).toHaveLength(ROWS.length);
		for (const request of emptyRole) expect(request.headers).not.toHaveProperty('x-su');
		expect(output('Empty Role Session')).toHaveLength(ROWS.length);
	});

	it('keeps the API keys and the role id out of everything n8n printed', () => {
		for (const secret of [KEYS.all, KEYS.root, KEYS.sessions, ROLES.support]) {
			expect(result.stdout).not.toContain(secret);
		}
	});
});
