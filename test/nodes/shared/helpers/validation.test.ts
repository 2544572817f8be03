/**
 * Values no request can carry (an unpaired UTF-16 surrogate in an id, a character a header
 * cannot hold in a nonce) are refused before any request, with the field's name: never an
 * unnamed "URI malformed" from deep inside the transport, never a silently replaced character.
 */
import type { INodeParameters } from 'n8n-workflow';

import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { SERVER_ID } from '../../../simulator';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const LONE_HIGH = 'alice\ud800';
const LONE_LOW = '\udc00bob';
const SURROGATES = 'must not contain unpaired surrogate characters';

describe('ids and nonces no request can carry (NextAuth Sessions)', () => {
	const suite = useSuite();

	it.each<[string, INodeParameters, string]>([
		[
			'a user id with a lone high surrogate',
			{ operation: 'provokeLoginOnUser', nonce: 'n', userId: byId(LONE_HIGH) },
			`User: ${SURROGATES}`,
		],
		[
			'a user id with a lone low surrogate',
			{ operation: 'provokeLoginOnUser', nonce: 'n', userId: byId(LONE_LOW) },
			`User: ${SURROGATES}`,
		],
		[
			'a transaction id with a lone surrogate',
			{ operation: 'getTransactionResult', transactionId: `tid${LONE_LOW}` },
			`Transaction ID: ${SURROGATES}`,
		],
		[
			'a Server ID option with a lone surrogate',
			{ operation: 'getSession', nonce: 'n', options: { serverId: `sim${LONE_LOW}` } },
			`Server ID: ${SURROGATES}`,
		],
		['a nonce with a lone surrogate', { operation: 'getSession', nonce: `n${LONE_LOW}` }, `Nonce: ${SURROGATES}`],
		[
			'a nonce above U+00FF',
			{ operation: 'getSession', nonce: 'n\u0100' },
			'Nonce: must be plain ASCII text: HTTP headers cannot carry other characters',
		],
	])('refuses %s before any request, naming the field', async (_, parameters, message) => {
		const { error } = await suite.run(parameters);
		expect(error?.message).toBe(message);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('refuses an account id with a lone surrogate before any request, naming the field', async () => {
		const { error } = await suite.run(
			{ operation: 'provokeLoginOnAccount', nonce: 'n', accountId: byId('={{ $json.account }}') },
			{ items: [{ json: { account: '1\ud800' } }] },
		);
		expect(error?.message).toMatch(/^Account: /);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('refuses a Server ID with a lone surrogate from the credential, naming it', async () => {
		const { error } = await suite.run(
			{ operation: 'getSession', nonce: 'n' },
			{ credentials: suite.credentials({ serverId: `sim${LONE_HIGH}` }) },
		);
		expect(error?.message).toBe(`Server ID: ${SURROGATES}`);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('with continue-on-fail, refuses only the item whose id cannot travel', async () => {
		const { items } = await suite.run(
			{ operation: 'provokeLoginOnUser', nonce: 'n', userId: byId('={{ $json.user }}') },
			{ items: [{ json: { user: LONE_HIGH } }, { json: { user: 'alice' } }], continueOnFail: true },
		);
		expect(items).toEqual([
			{ json: { error: `User: ${SURROGATES}` }, pairedItem: { item: 0 } },
			{ json: { success: true }, pairedItem: { item: 1 } },
		]);
		expect(suite.simulator.requests.map((request) => request.path)).toEqual([
			`${SERVER_PATH}/users/alice/provokelogin`,
		]);
	});

	it('sends a well-formed pair (an emoji) as its UTF-8 bytes, percent-encoded', async () => {
		const { error } = await suite.run({
			operation: 'provokeLoginOnUser',
			nonce: 'n',
			userId: byId('al\ud83d\ude00ice'),
		});
		expect(error?.message).toMatch(/^Not found \(404\)/);
		expect(suite.onlyRequest().path).toBe(`${SERVER_PATH}/users/al%F0%9F%98%80ice/provokelogin`);
	});
});

describe('ids and texts no request can carry (NextAuth)', () => {
	const suite = useSuite('nextAuth');
	beforeEach(() => suite.simulator.resetWorld());

	it.each<[string, INodeParameters, string]>([
		['deleting a user', { resource: 'user', operation: 'delete', userId: byId(LONE_HIGH) }, `User: ${SURROGATES}`],
		[
			"listing a user's accounts",
			{ resource: 'user', operation: 'getAccounts', userId: byId(LONE_LOW) },
			`User: ${SURROGATES}`,
		],
		[
			'moving an account to a user',
			{ resource: 'account', operation: 'setUser', accountId: byId('1'), userId: byId(LONE_HIGH) },
			`User: ${SURROGATES}`,
		],
		// A query would carry U+FFFD in its place: another search than the one asked for.
		[
			'searching users',
			{ resource: 'user', operation: 'getAll', filters: { search: `ali${LONE_LOW}` } },
			`Search: ${SURROGATES}`,
		],
	])('refuses an id or text with a lone surrogate when %s, naming the field', async (_, parameters, message) => {
		const { error } = await suite.run(parameters);
		expect(error?.message).toBe(message);
		expect(suite.simulator.requests).toEqual([]);
		expect(suite.simulator.serverState(SERVER_ID).users).toHaveLength(4);
	});
});
