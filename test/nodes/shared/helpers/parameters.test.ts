import type { GenericValue, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SERVER_PATH, useSuite } from '../../../harness/suite';

/**
 * ParameterReader's shortcuts must give exactly what n8n's expressions give. `{{ ($json.x) }}`
 * means the same as `{{ $json.x }}` but is not a plain field path, so it always goes through
 * n8n's evaluator: running both side by side compares the shortcut with n8n itself.
 */
describe('ParameterReader: the same values as getNodeParameter', () => {
	const suite = useSuite();

	/** Runs get session over `items` with `nonce`; returns the nonces sent and the output items. */
	async function runWithNonce(nonce: string, items: INodeExecutionData[]) {
		suite.simulator.clearRecords();
		const result = await suite.run(
			{ operation: 'getSession', nonce, options: { concurrency: 1 } },
			{ items, continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		return {
			sent: suite.simulator.requests.map((request) => request.headers['x-nonce']),
			output: result.items.map((item) => ({ json: item.json, pairedItem: item.pairedItem })),
		};
	}

	it('reads `{{ $json.field }}` from the item exactly as n8n evaluates it, for every kind of value', async () => {
		const values: Array<GenericValue | IDataObject | string[]> = [
			'plain',
			'  padded  ',
			'ünïcødé-✓',
			'',
			'two\nlines',
			42,
			0,
			true,
			null,
			{ a: 1 },
			['x'],
		];
		const items: INodeExecutionData[] = [...values.map((nonce) => ({ json: { nonce } })), { json: {} }];

		const shortcut = await runWithNonce('={{ $json.nonce }}', items);
		const n8n = await runWithNonce('={{ ($json.nonce) }}', items);

		expect(shortcut).toEqual(n8n);
		// and what that is, so the comparison cannot pass by both being empty
		expect(shortcut.sent).toEqual(['plain', 'padded', '42', '0']);
		expect(shortcut.output.map((item) => item.json.error ?? 'ok')).toEqual([
			'ok',
			'ok',
			'Nonce: must be plain ASCII text: HTTP headers cannot carry other characters',
			'Nonce: is required',
			'Nonce: must not contain line breaks or other control characters',
			'ok',
			'ok',
			'Nonce: is required',
			'Nonce: is required',
			'Nonce: is required',
			'Nonce: is required',
			'Nonce: is required',
		]);
	});

	it('follows nested field paths, and leaves missing or null parents to n8n (same error)', async () => {
		const items: INodeExecutionData[] = [
			{ json: { session: { nonce: 'nested-1' } } },
			{ json: { session: { nonce: 7 } } },
			{ json: { session: null } },
			{ json: { other: true } },
		];

		const shortcut = await runWithNonce('={{ $json.session.nonce }}', items);
		const n8n = await runWithNonce('={{ ($json.session.nonce) }}', items);

		expect(shortcut).toEqual(n8n);
		expect(shortcut.sent).toEqual(['nested-1', '7']);
		expect(shortcut.output.slice(2).every((item) => typeof item.json.error === 'string')).toBe(true);
	});

	it("reads only own fields: inherited names are n8n's business", async () => {
		const items: INodeExecutionData[] = [{ json: { nonce: 'own' } }, { json: {} }];

		const shortcut = await runWithNonce('={{ $json.constructor }}', items);
		const n8n = await runWithNonce('={{ ($json.constructor) }}', items);

		expect(shortcut).toEqual(n8n);
	});

	it('evaluates per item what holds an expression anywhere inside, and applies fixed values to every item', async () => {
		const items: INodeExecutionData[] = [{ json: { server: 'server-a' } }, { json: { server: 'server-b' } }];

		const perItem = await suite.run(
			{ operation: 'getSession', nonce: 'fixed', options: { serverId: '={{ $json.server }}', timeout: 5000 } },
			{ items, continueOnFail: true },
		);
		expect(perItem.error).toBeUndefined();
		expect(perItem.items.map((item) => item.json.error)).toEqual([
			'Not found (404): check the server ID',
			'Not found (404): check the server ID',
		]);
		expect(suite.simulator.requests.map((request) => request.path)).toEqual([
			'/servers/server-a/sessions/',
			'/servers/server-b/sessions/',
		]);

		suite.simulator.clearRecords();
		const fixed = await suite.run({ operation: 'getSession', nonce: 'fixed', options: { timeout: 5000 } }, { items });
		expect(fixed.error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => [request.path, request.headers['x-nonce']])).toEqual([
			[`${SERVER_PATH}/sessions/`, 'fixed'],
			[`${SERVER_PATH}/sessions/`, 'fixed'],
		]);
	});
});
