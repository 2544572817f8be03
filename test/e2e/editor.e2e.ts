/**
 * The node as users see it: `npm run dev`'s n8n (editor, simulator, credential, examples) driven
 * through n8n's REST API and a headless Chromium (./browser.ts picks which). Screenshots go to
 * test-output/screenshots/ (git-ignored) for a person to look at; the test fails when the node, an
 * operation or a field cannot be found — never on pixels.
 *
 * It also makes the README's pictures from the real UI (PICTURES below, and the QR output):
 * into test-output/pictures/<n8n version>/, or into docs/images/ with NEXTAUTH_UPDATE_PICTURES=1
 * (`npm run pictures`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Browser, Locator, Page } from 'playwright-core';

import { OWNER, startDev } from '../../scripts/dev';
import { SERVER_ID } from '../simulator';
import { launchBrowser } from './browser';
import { freePort, N8N_MAJOR, N8N_VERSION } from './n8nInstance';

const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');
const PICTURES_DIR =
	process.env.NEXTAUTH_UPDATE_PICTURES === '1'
		? path.resolve(__dirname, '../../docs/images')
		: path.resolve(__dirname, '../../test-output/pictures', N8N_VERSION);
const CREDENTIAL = { nextAuthApi: { id: 'nextauth-simulator', name: 'NextAuth (simulator)' } };
const OPERATIONS = [
	'Get Approval Result',
	'Get Enrolment HTML',
	'Get Enrolment QR Code',
	'Get Footer HTML',
	'Get Login HTML',
	'Get Login QR Code',
	'Get Session',
	'Log Out',
	'Push Login',
	'Push Login to Account',
	'Push Login to User',
	'Register User',
	'Request Approval',
];
/** The NextAuth node's operations per resource (Get Many is in two lists). */
const NEXTAUTH_OPERATIONS = {
	User: [
		'Delete',
		'Delete Accounts',
		'Delete Attribute',
		'Delete Attributes',
		'Get Accounts',
		'Get Attributes',
		'Get Many',
		'Get or Create Role',
		'Get Role',
		'Set Attributes',
		'Update Attributes',
	],
	Server: [
		'Create',
		'Delete All Attributes',
		'Delete Attribute',
		'Get',
		'Get Attributes',
		'Get Many',
		'Get Visual Hash',
		'Set Attributes',
		'Update',
		'Update Attributes',
	],
	Permission: ['Get', 'Get Many', 'Revoke All', 'Set'],
	'API Key': ['Create', 'Get Many'],
	Global: ['Delete All Attributes', 'Delete Attribute', 'Get Attributes', 'Set Attributes', 'Update Attributes'],
};
const RESOURCES = ['Account', 'API Key', 'Global', 'Permission', 'Server', 'User'];

/** A one-node-per-entry workflow of the package's nodes, imported with the examples. */
function nodesWorkflow(id: string, nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>) {
	return {
		id,
		name: id,
		active: false,
		settings: {},
		connections: {},
		nodes: nodes.map((node, index) => ({
			id: `${id}-${index}`,
			typeVersion: 1,
			position: [0, index * 200],
			credentials: CREDENTIAL,
			...node,
			type: `n8n-nodes-nextauth.${node.type}`,
		})),
	};
}

const pickerNode = (name: string, operation: string, parameter: string) => ({
	name,
	type: 'nextAuthSessions',
	parameters: { operation, nonce: 'n', [parameter]: { __rl: true, mode: 'list', value: '' } },
});
const WORKFLOWS = [
	nodesWorkflow('nextauth-editor-resources', [
		{
			name: 'user node',
			type: 'nextAuth',
			parameters: { resource: 'user', operation: 'getAttributes', userId: { __rl: true, mode: 'id', value: 'alice' } },
		},
		{ name: 'server node', type: 'nextAuth', parameters: { resource: 'server', operation: 'getVisualHash' } },
		{ name: 'permission node', type: 'nextAuth', parameters: { resource: 'permission', operation: 'getAll' } },
		{ name: 'api key node', type: 'nextAuth', parameters: { resource: 'apiKey', operation: 'getAll' } },
		{ name: 'global node', type: 'nextAuth', parameters: { resource: 'global', operation: 'getAttributes' } },
	]),
	nodesWorkflow('nextauth-editor-pickers', [
		pickerNode('Push to User', 'provokeLoginOnUser', 'userId'),
		pickerNode('Push to Account', 'provokeLoginOnAccount', 'accountId'),
	]),
	nodesWorkflow('nextauth-editor-trigger', [
		{ name: 'NextAuth Trigger', type: 'nextAuthTrigger', parameters: { event: 'newAccount' } },
	]),
];

/**
 * The README's pictures of a node's list (its operations, a trigger's events): one entry each.
 * The test opens `node` of `workflow` (one of the examples or of WORKFLOWS), opens the list of
 * `parameter`, waits for `shows` in it, and pictures the parameter column with the open list.
 */
const PICTURES = [
	{
		file: 'nextauth-sessions-operations.png',
		workflow: 'nextauth-example-demo',
		node: 'Get Login QR Code',
		parameter: 'operation',
		shows: ['Get Login QR Code', 'Get Session'],
	},
	{
		file: 'nextauth-user-operations.png',
		workflow: 'nextauth-editor-resources',
		node: 'user node',
		parameter: 'operation',
		shows: ['Get Attributes', 'Set Attributes'],
	},
	{
		file: 'nextauth-trigger-events.png',
		workflow: 'nextauth-editor-trigger',
		node: 'NextAuth Trigger',
		parameter: 'event',
		shows: [
			'New Account',
			'Account Login',
			'Account Blocked or Unblocked',
			'Permission Changed',
			'New API Key',
			'Server Settings Changed',
		],
	},
];

describe(`the editor with n8n-nodes-nextauth (npm run dev) on n8n ${N8N_VERSION}`, () => {
	let dev: Awaited<ReturnType<typeof startDev>>;
	let browser: Browser;
	let page: Page;

	const rest = async (route: string, body?: unknown) => {
		const response = await fetch(`${dev.n8n.url}/rest/${route}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: { cookie: dev.cookie, 'browser-id': 'nextauth-dev', 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as { data: any }).data;
	};
	// Animations are stopped for the screenshot instead of waited for.
	const shot = async (name: string) =>
		await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
	/** A README picture: the smallest rectangle around `parts`, with a margin. */
	const picture = async (file: string, parts: Locator[]) => {
		const boxes = [];
		for (const part of parts) boxes.push((await part.boundingBox())!);
		const margin = 12;
		const left = Math.max(0, Math.min(...boxes.map((box) => box.x)) - margin);
		const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin);
		const right = Math.max(...boxes.map((box) => box.x + box.width)) + margin;
		// a small margin below: what lies under an open list would show through it
		const bottom = Math.max(...boxes.map((box) => box.y + box.height)) + 4;
		await page.screenshot({
			path: path.join(PICTURES_DIR, file),
			clip: { x: left, y: top, width: right - left, height: bottom - top },
			animations: 'disabled',
		});
	};
	/** Node ids by `<workflow id>/<node name>`, of the examples and WORKFLOWS. */
	const nodeIds = new Map<string, string>();
	/** A node's panel, opened by its address (n8n 1.x and 2.x open it at /workflow/<id>/<node id>). */
	const openNode = async (workflowId: string, nodeName: string) => {
		const nodeId = nodeIds.get(`${workflowId}/${nodeName}`);
		if (nodeId === undefined) throw new Error(`no node "${nodeName}" in workflow ${workflowId}`);
		await page.goto(`${dev.n8n.url}/workflow/${workflowId}/${nodeId}`);
		await page.getByText('Parameters', { exact: true }).first().waitFor();
	};

	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-nextauth-editor-'));

	beforeAll(async () => {
		mkdirSync(SCREENSHOTS, { recursive: true });
		mkdirSync(PICTURES_DIR, { recursive: true });
		dev = await startDev({
			n8nPort: await freePort(),
			simulatorPort: 0,
			userFolder,
			quiet: true,
			workflows: WORKFLOWS,
			// The simulated hire scans at once: the example's loop is onboarding.e2e.ts's to prove.
			app: { scanAfterMs: 0, confirmAfterPolls: 1 },
		});
		for (const workflow of [...dev.workflows, ...WORKFLOWS]) {
			for (const node of workflow.nodes as Array<{ id: string; name: string }>)
				nodeIds.set(`${workflow.id}/${node.name}`, node.id);
		}
		browser = await launchBrowser();
		page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
		page.setDefaultTimeout(30_000);
		await page.goto(`${dev.n8n.url}/signin`);
		// The form's labels name its fields on n8n 2.x only: the fields are found by type.
		const form = page.locator('[data-test-id="signin-form"]');
		await form.locator('input:not([type="password"])').first().fill(OWNER.email);
		await form.locator('input[type="password"]').fill(OWNER.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	});

	afterAll(async () => {
		await browser?.close();
		await dev?.stop();
		rmSync(userFolder, { recursive: true, force: true });
	});

	it("credential test through n8n: OK for the simulator key, a plain sentence for a wrong key (n8n 1.x: n8n's own)", async () => {
		const credential = { id: 'nextauth-simulator', name: 'NextAuth (simulator)', type: 'nextAuthApi' };
		const data = { serverId: 'sim+Server/0001=', baseUrl: dev.simulator.baseUrl };
		expect(
			await rest('credentials/test', { credentials: { ...credential, data: { ...data, apiKey: 'sim-key-all' } } }),
		).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		// n8n 1.x's credential test does not apply a credential's own sentences for error statuses:
		// it answers with the sentence of n8n's own error for the status.
		expect(
			await rest('credentials/test', { credentials: { ...credential, data: { ...data, apiKey: 'wrong' } } }),
		).toEqual({
			status: 'Error',
			message:
				N8N_MAJOR >= 2
					? 'The API key was refused (401): check the API key in the NextAuth credential'
					: 'Authorization failed - please check your credentials',
		});
	});

	it('user list search through n8n', async () => {
		const result = await rest('dynamic-node-parameters/resource-locator-results', {
			nodeTypeAndVersion: { name: 'n8n-nodes-nextauth.nextAuthSessions', version: 1 },
			path: 'parameters.userId',
			methodName: 'searchUsers',
			currentNodeParameters: { operation: 'provokeLoginOnUser', nonce: 'x' },
			credentials: { nextAuthApi: { id: 'nextauth-simulator', name: 'NextAuth (simulator)' } },
			filter: 'o',
		});
		expect(result.results.map((user: { value: string }) => user.value)).toEqual(['bob', 'carol.smith', 'dave/ops']);
	});

	it('finds "NextAuth Sessions" in the node panel, with its actions', async () => {
		await page.goto(`${dev.n8n.url}/workflow/nextauth-example-push`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		// The panel focuses its search field once it has opened: keys typed before that are lost.
		const search = page.locator('input:focus');
		await search.waitFor();
		await search.fill('nextauth');
		await page.getByText('NextAuth Sessions', { exact: true }).first().waitFor();
		await shot('1-node-panel-search');
		await page.getByText('NextAuth Sessions', { exact: true }).first().click();
		for (const action of [
			'Get a login QR code',
			'Get the login status of a session',
			'Push a login to a user',
			'Get an enrolment QR code',
			'Register a user name for a session',
		]) {
			await page.getByText(action, { exact: true }).first().waitFor();
		}
		await shot('2-node-panel-actions');
		await page.keyboard.press('Escape');
	});

	it('finds the "NextAuth" node for accounts and users in the node panel, with its actions', async () => {
		await page.goto(`${dev.n8n.url}/workflow/nextauth-example-offboard`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		const search = page.locator('input:focus');
		await search.waitFor();
		await search.fill('nextauth');
		await page.getByText('NextAuth', { exact: true }).first().waitFor();
		await page.getByText('NextAuth', { exact: true }).first().click();
		for (const action of [
			'Get many accounts',
			'Block an account',
			'Move an account to a user',
			'Delete the accounts of a user',
			'Delete a user',
			'Get the attributes of a user',
			'Replace the attributes of a user',
			'Update the attributes of a user',
			'Delete an attribute of a user',
			'Delete all attributes of a user',
			'Get the visual hash of the server',
			'Update the server',
			'Set the permissions of a role',
			'Revoke all permissions of a role',
			'Create an API key',
			'Get the role of a user',
			'Replace the attributes of the tenant',
		]) {
			await page.getByText(action, { exact: true }).first().waitFor({ state: 'attached' });
		}
		await shot('10-nextauth-node-actions');
		await page.keyboard.press('Escape');
	});

	it("shows the NextAuth node's fields: Return All, Limit and Filters for lists, the User picker for deletes", async () => {
		await openNode('nextauth-example-stale-accounts', 'Get Unblocked Accounts');
		for (const field of ['Resource', 'Operation', 'Return All', 'Filters', 'Attribute Filter']) {
			await page.getByText(field, { exact: true }).first().waitFor({ state: 'attached' });
		}
		await shot('11-nextauth-get-many-accounts');
		await openNode('nextauth-example-offboard', 'Delete User');
		for (const field of ['Resource', 'Operation', 'User']) {
			await page.getByText(field, { exact: true }).first().waitFor({ state: 'attached' });
		}
		await shot('12-nextauth-delete-user');
	});

	it('lists every operation', async () => {
		await openNode('nextauth-example-demo', 'Get Login QR Code');
		const picker = page.locator('[data-test-id="parameter-input-operation"]');
		await picker.click();
		await shot('3-operation-list');
		await page.keyboard.press('Escape');
		// The list renders only the options near the selected one: each is looked for by typing its name.
		for (const operation of OPERATIONS) {
			await picker.click();
			await page.keyboard.type(operation);
			await page.locator('.el-select-dropdown__item:visible').getByText(operation, { exact: true }).first().waitFor();
			await page.keyboard.press('Escape');
		}
	});

	it("lists the NextAuth node's resources (the administration ones among them) and each resource's operations", async () => {
		for (const [resource, operations] of Object.entries(NEXTAUTH_OPERATIONS)) {
			await openNode('nextauth-editor-resources', `${resource.toLowerCase()} node`);
			await page.locator('[data-test-id="parameter-input-resource"]').click();
			for (const name of RESOURCES) {
				await page.locator('.el-select-dropdown__item:visible').getByText(name, { exact: true }).first().waitFor();
			}
			await page.keyboard.press('Escape');
			const picker = page.locator('[data-test-id="parameter-input-operation"]');
			for (const operation of operations) {
				await picker.click();
				await page.keyboard.type(operation);
				await page.locator('.el-select-dropdown__item:visible').getByText(operation, { exact: true }).first().waitFor();
				await page.keyboard.press('Escape');
			}
			await picker.click();
			await shot(`13-nextauth-${resource.toLowerCase()}-operations`);
			await page.keyboard.press('Escape');
		}
	});

	it('shows the onboarding example: its canvas, the enrolment QR fields and the attribute fields', async () => {
		await page.goto(`${dev.n8n.url}/workflow/nextauth-example-onboarding`);
		for (const name of [
			'New Hire',
			'Get Enrolment QR Code',
			'Email the QR Code',
			'Enrolled?',
			'Wait',
			'Push Login to User',
			'Set Attributes',
		]) {
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).waitFor();
		}
		await shot('14-onboarding-example');
		await openNode('nextauth-example-onboarding', 'Get Enrolment QR Code');
		for (const field of ['Nonce', 'Account Name', 'User ID', 'QR Format', 'QR Size', 'Put Output File in Field']) {
			await page.getByText(field, { exact: true }).first().waitFor({ state: 'attached' });
		}
		await shot('15-enrolment-qr-fields');
		await openNode('nextauth-example-onboarding', 'Set Attributes');
		for (const field of ['Resource', 'Operation', 'User', 'Attribute Input', 'Attributes']) {
			await page.getByText(field, { exact: true }).first().waitFor({ state: 'attached' });
		}
		await shot('16-set-attributes-fields');
	});

	it("runs the onboarding example as its note says: Execute workflow, the test webhook, the simulator playing the hire's app", async () => {
		await page.goto(`${dev.n8n.url}/workflow/nextauth-example-onboarding`);
		await page.locator('[data-test-id="canvas-node"][data-node-name="New Hire"]').waitFor();
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		// The editor listens on the test URL once it has registered the webhook: until then it is a 404.
		const deadline = Date.now() + 30_000;
		let status = 0;
		while (status !== 200 && Date.now() < deadline) {
			const response = await fetch(`${dev.n8n.url}/webhook-test/nextauth-onboarding`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'Erin Example', userId: 'erin', email: 'erin@example.com', group: 'ops' }),
			});
			status = response.status;
			if (status !== 200) await page.waitForTimeout(200);
		}
		expect(status).toBe(200);
		// The simulator scans the code as soon as it is served, then confirms the pushed login.
		await page
			.locator(
				'[data-test-id="canvas-node"][data-node-name="Report: Onboarded"] [data-test-id="canvas-node-status-success"]',
			)
			.waitFor({ timeout: 90_000 });
		expect(dev.simulator.userAttributes(SERVER_ID, 'erin')).toEqual({ group: 'ops' });
		expect(
			dev.simulator.serverState(SERVER_ID).accounts.filter((account: { userid?: string }) => account.userid === 'erin'),
		).toHaveLength(1);
		await shot('17-onboarding-run');
	});

	it('shows the QR-login fields with the user context', async () => {
		await openNode('nextauth-example-demo', 'Get Login QR Code');
		for (const field of [
			'Nonce',
			'QR Format',
			'QR Size',
			'Put Output File in Field',
			'Send User Context',
			'User Context Input',
			'Announce Info',
			'Session Info',
		]) {
			await page.getByText(field, { exact: true }).first().waitFor({ state: 'attached' });
		}
		await shot('4-qr-login-fields');
	});

	it('lists users and accounts in the pickers', async () => {
		await openNode('nextauth-editor-pickers', 'Push to User');
		await page.locator('[data-test-id="rlc-input"]').first().click();
		for (const user of ['alice', 'bob', 'carol.smith', 'dave/ops'])
			await page.getByText(user, { exact: true }).last().waitFor();
		await shot('5-user-picker');

		await openNode('nextauth-editor-pickers', 'Push to Account');
		await page.locator('[data-test-id="rlc-input"]').first().click();
		await page.getByText("Bob's phone (bob) · #3", { exact: true }).last().waitFor();
		await shot('6-account-picker');
	});

	it('offers the node as an AI agent tool (usableAsTool) in the agent example', async () => {
		await page.goto(`${dev.n8n.url}/workflow/nextauth-example-ai-agent`);
		for (const name of ['Support Agent', 'Get Session Status', 'Push Login to User']) {
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).waitFor();
		}
		await shot('8-ai-agent-tools');
		await openNode('nextauth-example-ai-agent', 'Push Login to User');
		await page.getByText('Wait for Login', { exact: true }).first().waitFor({ state: 'attached' });
		await shot('9-ai-tool-parameters');
	});

	it.each(PICTURES)(
		'pictures $file: $node, its $parameter list open',
		async ({ file, workflow, node, parameter, shows }) => {
			await openNode(workflow, node);
			const picker = page.locator(`[data-test-id="parameter-input-${parameter}"]`);
			await picker.click();
			const list = page.locator('.el-select-dropdown:visible');
			for (const name of shows)
				await list.locator('.el-select-dropdown__item').getByText(name, { exact: true }).first().waitFor();
			await picture(file, [
				page.locator('[data-test-id="tab-params"]'),
				page.locator('[data-test-id="node-execute-button"]'),
				picker,
				list,
			]);
			await page.keyboard.press('Escape');
		},
	);

	it('pictures a QR output: the demo run in the editor, its login QR code shown in the output panel', async () => {
		await page.goto(`${dev.n8n.url}/workflow/nextauth-example-demo`);
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		const qrNode = page.locator('[data-test-id="canvas-node"][data-node-name="Get Login QR Code"]');
		await qrNode.locator('[data-test-id="canvas-node-status-success"]').waitFor({ timeout: 60_000 });
		await qrNode.dblclick({ force: true });
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('nextauth-login-qr.png').first().waitFor();
		await output.locator('[data-test-id="ndv-view-binary-data"]').first().click();
		const image = output.locator('img').first();
		await image.waitFor();
		// The image has loaded, and it is the PNG the node made: as wide as the node's QR Size.
		await page.waitForFunction(
			(element) => (element as unknown as { naturalWidth: number }).naturalWidth > 0,
			await image.elementHandle(),
		);
		const demo = dev.workflows.find((workflow) => workflow.id === 'nextauth-example-demo')!;
		const { qrSize } = (demo.nodes as Array<{ name: string; parameters: { qrSize?: number } }>).find(
			(candidate) => candidate.name === 'Get Login QR Code',
		)!.parameters;
		expect(await image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBe(
			qrSize,
		);
		await picture('nextauth-login-qr-output.png', [
			output.getByText(/^output$/i).first(),
			output.locator('[data-test-id="run-data-pane-header"]').first(),
			image,
		]);
	});

	it('serves one icon, light and dark, for the three nodes and the credential (icons/)', async () => {
		const get = async (route: string) => await fetch(`${dev.n8n.url}/${route}`, { headers: { cookie: dev.cookie } });
		type Described = { name: string; iconUrl?: { light: string; dark: string } };
		const nodes = (await (await get('types/nodes.json')).json()) as Described[];
		const credentials = (await (await get('types/credentials.json')).json()) as Described[];
		const ours = [
			...nodes.filter((type) => type.name.startsWith('n8n-nodes-nextauth.')),
			...credentials.filter((type) => type.name === 'nextAuthApi'),
		];
		// n8n adds an AI-tool variant (…Tool) of each node usable as a tool: it shows the same icon.
		const names = [...new Set(ours.map((type) => type.name))];
		expect(names.filter((name) => !name.endsWith('Tool')).sort()).toEqual([
			'n8n-nodes-nextauth.nextAuth',
			'n8n-nodes-nextauth.nextAuthSessions',
			'n8n-nodes-nextauth.nextAuthTrigger',
			'nextAuthApi',
		]);
		const icons = {
			light: readFileSync(path.resolve(__dirname, '../../icons/nextauth.svg'), 'utf8'),
			dark: readFileSync(path.resolve(__dirname, '../../icons/nextauth.dark.svg'), 'utf8'),
		};
		for (const type of ours) {
			for (const shade of ['light', 'dark'] as const) {
				const response = await get(type.iconUrl?.[shade] ?? 'no-icon-url');
				const served = { type: type.name, shade, status: response.status, svg: await response.text() };
				expect(served).toEqual({ type: type.name, shade, status: 200, svg: icons[shade] });
			}
		}
	});

	it('shows the credential dialog', async () => {
		await page.goto(`${dev.n8n.url}/home/credentials/nextauth-simulator`);
		for (const field of ['API Key', 'Server ID', 'Role ID', 'Base URL']) {
			await page
				.getByText(new RegExp(`^${field}\\b`))
				.first()
				.waitFor();
		}
		await page.getByText('Connection tested successfully').waitFor();
		await shot('7-credential-dialog');
	});
});
