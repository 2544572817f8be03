/**
 * n8n's SSRF protection in a real n8n (N8N_VERSION) with the packed package: with
 * N8N_SSRF_PROTECTION_ENABLED=true every operation (run by `n8n execute`), list search and the
 * credential test (through n8n's REST API, as the editor calls them) are refused for a loopback
 * base URL and the simulator receives nothing; with N8N_SSRF_ALLOWED_IP_RANGES=127.0.0.1/32 they
 * all work. n8n 1.x has no SSRF protection: there the refusals are skipped, and the second test
 * shows that the package runs without n8n's egress filter, every call reaching the API.
 */
import { KEYS, NextAuthSimulator, SERVER_ID } from '../simulator';
import { HAS_SSRF_PROTECTION, N8N_VERSION, N8nInstance, packPackage } from './n8nInstance';
import { manualWorkflow } from './workflow';

const REFUSED =
	"n8n's SSRF protection does not allow requests to 127.0.0.1; an admin can allow it with N8N_SSRF_ALLOWED_IP_RANGES or N8N_SSRF_ALLOWED_HOSTNAMES";
const CREDENTIAL = { id: 'nextauth-egress', name: 'NextAuth (egress)' };
const OWNER = { email: 'owner@example.com', password: 'NextAuth-egress-1' };
const PUSH_NONCE = 'egress-push';

const OPERATIONS: Record<string, Record<string, unknown>> = {
	'Get Session': { operation: 'getSession', nonce: 'egress' },
	'Get Login QR Code': { operation: 'getQrLogin', nonce: 'egress', qrSize: 100 },
	'Log Out': { operation: 'logout', nonce: 'egress' },
	'Push Login': { operation: 'provokeLogin', nonce: PUSH_NONCE, waitForLogin: true, waitTimeout: 1, pollInterval: 0.5 },
	'Push Login to Account': {
		operation: 'provokeLoginOnAccount',
		nonce: 'egress',
		accountId: { __rl: true, mode: 'id', value: '1' },
	},
	'Push Login to User': {
		operation: 'provokeLoginOnUser',
		nonce: 'egress',
		userId: { __rl: true, mode: 'id', value: 'alice' },
	},
};

function workflow() {
	const names = Object.keys(OPERATIONS);
	return manualWorkflow({
		id: 'nextauth-egress',
		name: 'NextAuth egress',
		nodes: names.map((name, index) => ({
			id: `op-${index}`,
			name,
			type: 'n8n-nodes-nextauth.nextAuthSessions',
			typeVersion: 1,
			position: [300, index * 150],
			parameters: OPERATIONS[name],
			credentials: { nextAuthApi: CREDENTIAL },
			onError: 'continueRegularOutput',
		})),
		connections: { Start: { main: [names.map((node) => ({ node, type: 'main', index: 0 }))] } },
	});
}

/** Runs where n8n has SSRF protection; elsewhere skipped, the title saying why. */
const ifSsrfProtection = HAS_SSRF_PROTECTION ? it : it.skip;
const NO_SSRF = HAS_SSRF_PROTECTION ? '' : ` (not on n8n ${N8N_VERSION}: n8n 1.x has no SSRF protection)`;

describe(`n8n's SSRF protection in a real n8n ${N8N_VERSION}`, () => {
	const simulator = new NextAuthSimulator();
	let n8n: N8nInstance;
	let baseUrl = '';

	beforeAll(async () => {
		baseUrl = await simulator.start();
		simulator.confirmLogin(SERVER_ID, PUSH_NONCE, 'alice', 1);
		n8n = await N8nInstance.create(packPackage());
		await n8n.importCredentials([
			{ ...CREDENTIAL, type: 'nextAuthApi', data: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl } },
		]);
		const definition = workflow();
		await n8n.importWorkflow(definition);
	});

	afterAll(async () => {
		await n8n?.remove();
		await simulator.stop();
	});

	/** Every operation, list search and the credential test under these SSRF settings; what each said. */
	const everyCall = async (ssrf: Record<string, string>) => {
		Object.assign(n8n.env, { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '' }, ssrf);
		simulator.clearRecords();
		const run = await n8n.execute('nextauth-egress');
		const operations = Object.fromEntries(
			Object.keys(OPERATIONS).map((name) => [name, run.runData[name]?.[0]?.data?.main[0][0]?.json.error]),
		);
		await n8n.start({ quiet: true });
		try {
			const cookie = await n8n.ownerSession(OWNER);
			const rest = async (route: string, body: unknown) => {
				const response = await fetch(`${n8n.url}/rest/${route}`, {
					method: 'POST',
					// n8n binds the session to the browser id ownerSession logged in with.
					headers: { cookie, 'browser-id': 'nextauth-dev', 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				return (await response.json()) as { data?: any; message?: string };
			};
			const listSearch = await rest('dynamic-node-parameters/resource-locator-results', {
				nodeTypeAndVersion: { name: 'n8n-nodes-nextauth.nextAuthSessions', version: 1 },
				path: 'parameters.userId',
				methodName: 'searchUsers',
				currentNodeParameters: { operation: 'provokeLoginOnUser', nonce: 'x' },
				credentials: { nextAuthApi: CREDENTIAL },
			});
			const credentialTest = await rest('credentials/test', {
				credentials: { ...CREDENTIAL, type: 'nextAuthApi', data: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl } },
			});
			return { operations, listSearch, credentialTest: credentialTest.data, requests: simulator.requests.length };
		} finally {
			await n8n.stop();
		}
	};

	ifSsrfProtection(
		`with protection on, refuses every call to the loopback simulator with one sentence; nothing reaches it${NO_SSRF}`,
		async () => {
			const result = await everyCall({});
			expect(result.operations).toEqual(Object.fromEntries(Object.keys(OPERATIONS).map((name) => [name, REFUSED])));
			expect(result.listSearch.message).toBe(REFUSED);
			// The credential test is a request n8n makes itself: refused in n8n's own words.
			expect(result.credentialTest).toMatchObject({
				status: 'Error',
				message: expect.stringMatching(/blocked|restricted/i),
			});
			expect(result.requests).toBe(0);
		},
	);

	it(`with N8N_SSRF_ALLOWED_IP_RANGES=127.0.0.1/32, every call works${HAS_SSRF_PROTECTION ? '' : ` (n8n ${N8N_VERSION} ignores the N8N_SSRF_* settings)`}`, async () => {
		const result = await everyCall({ N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' });
		expect(result.operations).toEqual(Object.fromEntries(Object.keys(OPERATIONS).map((name) => [name, undefined])));
		expect(result.listSearch.data.results.map((user: { value: string }) => user.value)).toContain('alice');
		expect(result.credentialTest).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(result.requests).toBeGreaterThanOrEqual(8);
	});
});
