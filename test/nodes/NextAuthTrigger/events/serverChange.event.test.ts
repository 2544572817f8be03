/**
 * Server Settings Changed in n8n's engine: the Server compared with the poll before; one item per
 * poll with changes, statistics never compared, flags as a set, the logo never kept or shown.
 */
import { fetchTestEvent, useTriggerSuite } from '../../../harness/pollTrigger';
import { KEYS, SERVER_ID } from '../../../simulator';

const LOGO = Buffer.from('a logo that must never be stored or shown').toString('base64');

describe('NextAuth Trigger › Server Settings Changed', () => {
	const { suite, activate } = useTriggerSuite('serverChange');
	const settings = () => suite.simulator.serverState(SERVER_ID).settings as Record<string, unknown>;

	it('baseline without events (one GET a poll); several changes in one item with from and to; statistics and reordered flags are none', async () => {
		settings().logo = LOGO;
		settings().serverFlags = ['nopin', 'noprovoke'];
		const trigger = await activate();
		expect(suite.simulator.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
			'GET /servers/sim%2BServer%2F0001%3D/',
		]);
		settings().lastLogin = 1999999999999;
		suite.simulator.serverState(SERVER_ID).accounts.pop();
		settings().serverFlags = ['noprovoke', 'nopin'];
		expect(await trigger.poll()).toEqual({});

		settings().pinTimeout = -1;
		settings().pingTime = 0;
		settings().logo = Buffer.from('another logo').toString('base64');
		const { items } = await trigger.poll();
		expect(items).toHaveLength(1);
		const item = items![0].json;
		expect(item.changes).toEqual({
			pinTimeout: { from: 5, to: -1 },
			pingTime: { from: 60, to: 0 },
			logo: { changed: true },
		});
		expect(item).toMatchObject({
			serverid: SERVER_ID,
			pinTimeout: -1,
			lastLogin: 1999999999999,
			event: 'serverChange',
		});
		expect(item).not.toHaveProperty('logo');
		expect(await trigger.poll()).toEqual({});
		expect(JSON.stringify(trigger.saved)).not.toContain(LOGO.slice(0, 20));
		expect(JSON.stringify(items)).not.toContain(settings().logo as string);
	});

	it('a field that appears or goes is a change from or to null; failed polls move nothing; a restart neither replays nor loses', async () => {
		const trigger = await activate();
		settings().appios = 'https://apps.example/ios';
		delete settings().appurl;
		suite.simulator.failNext(8, { status: 500 });
		expect((await trigger.poll()).error).toBeDefined();
		suite.simulator.faults = [];
		const atStart = await trigger.restart();
		expect(atStart.items?.[0].json.changes).toEqual({
			appios: { from: '', to: 'https://apps.example/ios' },
			appurl: { from: 'https://app.example.test', to: null },
		});
		expect(await trigger.poll()).toEqual({});
	});

	it('a setting whose JSON passes 256 characters is kept as a hash and listed as { changed: true }', async () => {
		// JSON text of 256 characters: the name and its quotes.
		settings().appname = 'a'.repeat(254);
		const trigger = await activate();
		settings().appname = 'b'.repeat(254);
		expect((await trigger.poll()).items?.[0].json.changes).toEqual({
			appname: { from: 'a'.repeat(254), to: 'b'.repeat(254) },
		});
		settings().appname = 'c'.repeat(255);
		expect((await trigger.poll()).items?.[0].json.changes).toEqual({ appname: { changed: true } });
		settings().appname = 'd'.repeat(255);
		expect((await trigger.poll()).items?.[0].json.changes).toEqual({ appname: { changed: true } });
		expect(JSON.stringify(trigger.saved)).not.toContain('d'.repeat(255));
		settings().appname = 'short';
		expect((await trigger.poll()).items?.[0].json.changes).toEqual({ appname: { changed: true } });
	});

	it('flags: a reordering is no change, another flag is; another list field reordered is a change; a field appearing as null is none', async () => {
		settings().serverFlags = ['nopin', 'noprovoke'];
		const trigger = await activate();
		settings().serverFlags = ['noprovoke', 'nopin', 'nopin'];
		expect(await trigger.poll()).toEqual({});
		settings().serverFlags = ['noprovoke', 'other'];
		const flagged = await trigger.poll();
		// `from` is the value as last read (the reordering was no change, but was read).
		expect(flagged.items?.[0].json.changes).toEqual({
			serverFlags: { from: ['noprovoke', 'nopin', 'nopin'], to: ['noprovoke', 'other'] },
		});
		// The simulator answers the API definition's fields only: a server with more is answered by hand.
		const { changes: _changes, event: _event, ...server } = flagged.items![0].json;
		const answer = (extra: Record<string, unknown>) =>
			suite.simulator.failNext(1, { status: 200, body: JSON.stringify({ ...server, ...extra }) });
		answer({ tags: ['a', 'b'] });
		expect((await trigger.poll()).items?.[0].json.changes).toEqual({ tags: { from: null, to: ['a', 'b'] } });
		answer({ tags: ['b', 'a'] });
		expect((await trigger.poll()).items?.[0].json.changes).toEqual({ tags: { from: ['a', 'b'], to: ['b', 'a'] } });
		answer({ tags: ['b', 'a'], newField: null });
		expect(await trigger.poll()).toEqual({});
		// …and one that was null and goes is none either.
		answer({ tags: ['b', 'a'] });
		expect(await trigger.poll()).toEqual({});
	});

	it('refuses a server of more than 200 fields', async () => {
		const trigger = await activate();
		const server = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, n) => [`f${n}`, n]));
		suite.simulator.failNext(1, { status: 200, body: JSON.stringify(server(201)) });
		expect((await trigger.poll()).error?.message).toBe(
			'The nextAuth API answered with a server of more than 200 fields, the most the trigger compares',
		);
		suite.simulator.failNext(1, { status: 200, body: JSON.stringify(server(200)) });
		expect((await trigger.poll()).error).toBeUndefined();
	});

	it("names 'servers or createserver' when the poll is refused; Fetch Test Event: the configuration with empty changes", async () => {
		const refused = await fetchTestEvent(
			suite.engine,
			{ event: 'serverChange' },
			suite.credentials({ apiKey: KEYS.sessions }),
		).catch((error: Error) => error);
		expect((refused as Error).message).toContain("needs the 'servers or createserver' permission");
		const [[sample]] = (await fetchTestEvent(suite.engine, { event: 'serverChange' }, suite.credentials()))!;
		expect(sample.json).toMatchObject({ serverid: SERVER_ID, changes: {}, event: 'serverChange' });
	});
});
