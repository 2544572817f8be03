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
