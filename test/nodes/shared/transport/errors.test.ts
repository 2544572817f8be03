import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import type { NodeName } from '../../../harness/n8nEngine';
import { useSuite } from '../../../harness/suite';

const WEB_PAGE =
	"The answer (200) was a web page, not the nextAuth API's: the Base URL in the NextAuth credential probably points at a web page, a proxy or a captive portal rather than the nextAuth API";

const PORTAL_PAGE = '\n  <!DOCTYPE html><html><body>Please log in to the Wi-Fi</body></html>';

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** Every call that answers with no body (or with JSON) on success: none may report success on a page. */
const CALLS: Array<[string, NodeName, INodeParameters]> = [
	['Log Out', 'nextAuthSessions', { operation: 'logout', nonce: 'n' }],
	['Push Login', 'nextAuthSessions', { operation: 'provokeLogin', nonce: 'n' }],
	['Push Login to Account', 'nextAuthSessions', { operation: 'provokeLoginOnAccount', nonce: 'n', accountId: rl('1') }],
	['Push Login to User', 'nextAuthSessions', { operation: 'provokeLoginOnUser', nonce: 'n', userId: rl('alice') }],
	['Push Login with Wait for Login', 'nextAuthSessions', { operation: 'provokeLogin', nonce: 'n', waitForLogin: true }],
	['Request Approval', 'nextAuthSessions', { operation: 'createTransaction', nonce: 'n', transactionDescription: 'ok?' }],
	['account Delete', 'nextAuth', { resource: 'account', operation: 'delete', accountId: rl('1') }],
	['account Block', 'nextAuth', { resource: 'account', operation: 'block', accountId: rl('1') }],
	['account Unblock', 'nextAuth', { resource: 'account', operation: 'unblock', accountId: rl('1') }],
	['user Delete', 'nextAuth', { resource: 'user', operation: 'delete', userId: rl('alice') }],
	['user Delete Accounts', 'nextAuth', { resource: 'user', operation: 'deleteAccounts', userId: rl('alice') }],
	['account Get Many', 'nextAuth', { resource: 'account', operation: 'getAll' }],
];

describe('answers that are not the API: a web page answering 200', () => {
	const suite = useSuite();
	const run = async (node: NodeName, parameters: INodeParameters, continueOnFail = false) =>
		await suite.engine.run({ node, parameters, credentials: suite.credentials(), continueOnFail });

	beforeEach(() => suite.simulator.resetWorld());

	it.each(CALLS)('%s fails, naming the Base URL as the likely cause', async (_, node, parameters) => {
		suite.simulator.failNext(5, { status: 200, contentType: 'text/html; charset=utf-8', body: PORTAL_PAGE });
		const { error, items } = await run(node, parameters);
		expect(error?.message).toBe(WEB_PAGE);
		expect(items).toEqual([]);
		expect(suite.simulator.requests).toHaveLength(1);
		expect(suite.simulator.pushes).toEqual([]);
	});

	it('a page is a page whatever its Content-Type says', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'application/octet-stream', body: '<html></html>' });
		const { error } = await run('nextAuthSessions', { operation: 'logout', nonce: 'n' });
		expect(error?.message).toBe(WEB_PAGE);
	});

	it('gives an error item, not success, with continue-on-fail', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'text/html', body: PORTAL_PAGE });
		const { error, items } = await run('nextAuth', { resource: 'user', operation: 'delete', userId: rl('alice') }, true);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ error: WEB_PAGE }]);
	});

	it('refuses a page as the login QR code when it says it is HTML', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'text/html', body: PORTAL_PAGE });
		const { error, items } = await run('nextAuthSessions', { operation: 'getQrLogin', nonce: 'n', qrFormat: 'raw' });
		expect(error?.message).toBe(WEB_PAGE);
		expect(items).toEqual([]);
	});

	it('still takes the empty answer, or "OK", of a write, whatever its Content-Type (servers label any answer text/html)', async () => {
		for (const body of ['', 'OK', '\n']) {
			suite.simulator.failNext(1, { status: 200, contentType: 'text/html', body });
			const { error, items } = await run('nextAuthSessions', { operation: 'logout', nonce: 'n' });
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({ success: true });
		}
	});

	it('still takes raw QR data that starts with "<" when not labelled HTML', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'application/octet-stream', body: '<qr-bytes>' });
		const { error, items } = await run('nextAuthSessions', { operation: 'getQrLogin', nonce: 'n', qrFormat: 'raw' });
		expect(error).toBeUndefined();
		expect(items[0].json.loginqrdata).toBe(Buffer.from('<qr-bytes>').toString('base64'));
	});
});

describe('transport modules', () => {
	const TRANSPORT = path.resolve(__dirname, '../../../../nodes/shared/transport');

	/** The package-local imports of each transport module, type-only ones included (a loop is a loop). */
	function importGraph(): Map<string, string[]> {
		const graph = new Map<string, string[]>();
		for (const file of readdirSync(TRANSPORT).filter((name) => name.endsWith('.ts'))) {
			const source = readFileSync(path.join(TRANSPORT, file), 'utf8');
			const imports = [...source.matchAll(/from '\.\/([\w.]+)'/g)].map((match) => `${match[1]}.ts`);
			graph.set(file, imports);
		}
		return graph;
	}

	it('import no loop (error classes live in errors.ts, which imports no other part of the transport that imports it)', () => {
		const graph = importGraph();
		const loops: string[] = [];
		const visit = (file: string, trail: string[]) => {
			if (trail.includes(file)) {
				loops.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
				return;
			}
			for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
		};
		for (const file of graph.keys()) visit(file, []);
		expect(loops).toEqual([]);
	});
});
