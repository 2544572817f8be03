/**
 * The NextAuth Trigger's security watch (Permission Changed, New API Key, Server Settings Changed)
 * and its example (examples/alert-root-granted.json, as shipped: Poll Times every minute) in
 * `npm run dev`'s set-up (startDev: the packed package in a real n8n (N8N_VERSION), the simulator,
 * its credential, the examples imported). The three watches are workflows made over n8n's REST API,
 * polled every 10 s (six Poll Times entries a minute, as in trigger.e2e.ts); all four are
 * activated over the REST API and run in parallel in one n8n: what n8n's own polls started is read
 * back from n8n (executions, their items, the example's nodes).
 *
 * Permission Changed and Server Settings Changed read with keys of their own (KEYS.servers,
 * KEYS.admin); New API Key and the example with the dev credential's (KEYS.all: the example as
 * shipped, New API Key because that role created the keys it lists), each its own path: the
 * simulator's record tells their polls apart by the key and the path read. The changes for all watches are made at once
 * (in the first test that needs them), so the 10 s watches are checked while the example waits
 * for its minute. About 3 minutes (4 under the durable poll scheduler, whose baseline is the first
 * scheduled poll after activation).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startDev } from '../../scripts/dev';
import { KEYS, ROLES, SERVER_ID } from '../simulator';
import { DURABLE_POLLS, freePort, N8N_VERSION, POLL_SCHEDULER, type ExecutionResult } from './n8nInstance';
import { restClient, sleep, waitFor } from './rest';

const SERVER_PATH = '/servers/sim%2BServer%2F0001%3D';
const EXAMPLE = 'nextauth-example-root-granted';
const TRIGGER = 'NextAuth Trigger';
const EVERY_10_S = {
	item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })),
};
/** How long n8n may take to store the execution a poll started, once the poll's answer was sent. */
const STORE_GRACE_MS = 3000;
/** Two reads of one watch closer than this would be two requests of one poll (polls are 10 s or a minute apart). */
const ONE_POLL_MS = 3000;

/** A role id with the characters that must travel percent-encoded, granted root. */
const ODD_ROLE = 'ro+le/x=';
/** A new key's core: random, so that finding it anywhere means the key leaked. */
const KEY_CORE = randomBytes(18).toString('hex');
/** A new API key with `+ / = & ? # % " \ '`, a non-ASCII letter and an emoji (one code point, two UTF-16 units) at its end. */
const NEW_KEY = `sim+${KEY_CORE}/=&?#%"\\ü'😀`;
/** What the items show of it: `…` and its last 4 characters (code points). */
const NEW_KEY_MASKED = "…\\ü'😀";
const NEW_KEY_ROLE = 'cm9sZS9uZXcta2V5Kw==';
/** The new key's description: its token shows that the scan of n8n's files finds what n8n stored. */
const DESCRIPTION_TOKEN = `desc${randomBytes(12).toString('hex')}`;
const NEW_KEY_DESCRIPTION = `CI "deploy" key & <${DESCRIPTION_TOKEN}> ü`;
const LOGO_BEFORE = Buffer.from(`the logo before ${randomBytes(12).toString('hex')}`).toString('base64');
const LOGO_AFTER = Buffer.from(`the logo after ${randomBytes(12).toString('hex')}`).toString('base64');

/** The items of the permission changes below, for the watch and the example alike. */
const PERMISSION_CHANGES = [
	{
		role: ODD_ROLE,
		server: SERVER_ID,
		change: 'granted',
		permissions: ['root'],
		previousPermissions: [],
		acl: 'root',
		event: 'permissionChange',
	},
	{
		role: ROLES.support,
		server: SERVER_ID,
		change: 'revoked',
		permissions: [],
		previousPermissions: ['sessions', 'users'],
		previousAcl: 'sessions,users',
		event: 'permissionChange',
	},
];

/** The watches made here, and the example; each reads one path with its own key (the example shares KEYS.all with New API Key). */
const READS = {
	permissionChange: { key: KEYS.servers, path: `${SERVER_PATH}/permissions/` },
	apiKeyCreated: { key: KEYS.all, path: '/apikeys/' },
	serverChange: { key: KEYS.admin, path: `${SERVER_PATH}/` },
	example: { key: KEYS.all, path: `${SERVER_PATH}/permissions/` },
} as const;
type Watch = keyof typeof READS;
type Event = Exclude<Watch, 'example'>;
const EVENTS: Event[] = ['permissionChange', 'apiKeyCreated', 'serverChange'];
const WATCHES: Watch[] = [...EVENTS, 'example'];

interface Execution {
	id: string;
	status: string;
	mode: string;
}
type Json = Record<string, unknown>;
type RunData = ExecutionResult['runData'];
type Role = { permissions: string[] };

describe(`the NextAuth Trigger's security watch and its example in a real n8n ${N8N_VERSION}, active, started by n8n's polls (${POLL_SCHEDULER})`, () => {
	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-nextauth-trigger-security-'));
	let dev: Awaited<ReturnType<typeof startDev>>;
	const workflowIds = { example: EXAMPLE } as Record<Watch, string>;
	/** The simulator's record up to here holds the activations and baselines. */
	let afterBaselines = 0;
	/** The server's settings as the watch's baseline read them. */
	let settingsBefore: Json = {};

	const rest = restClient(() => ({ url: dev.n8n.url, cookie: dev.cookie, browserId: 'nextauth-dev' }));
	const serverState = () => dev.simulator.serverState(SERVER_ID);
	const roles = () => serverState().roles as Record<string, Role>;
	const settings = () => serverState().settings as Json;

	/** The watch's reads, one a poll (see expectOneRequestAPoll). */
	const reads = (watch: Watch, from = 0) =>
		dev.simulator.requests
			.slice(from)
			.filter((request) => request.headers['x-apikey'] === READS[watch].key && request.path === READS[watch].path);
	const answered = (watch: Watch, from = 0) => reads(watch, from).filter((request) => request.status !== 0).length;
	/** Waits until `count` more polls of the watch have been answered and n8n has stored what they started. */
	const nextPolls = async (watch: Watch, count = 1) => {
		const from = dev.simulator.requests.length;
		await waitFor(
			`${count} more poll(s) of ${watch}`,
			() => (answered(watch, from) >= count ? true : undefined),
			count * (watch === 'example' ? 60 : 10) + 40,
		);
		await sleep(STORE_GRACE_MS);
	};
	/**
	 * Every request each watch's key sent since `from` is a GET of that watch's list, without query,
	 * answered 200; no two reads of a watch came within ONE_POLL_MS of each other: each poll, idle or
	 * not, is one request.
	 */
	const expectOneRequestAPoll = (watches: Watch[], from: number) => {
		for (const key of new Set(watches.map((watch) => READS[watch].key))) {
			const paths: string[] = watches.filter((watch) => READS[watch].key === key).map((watch) => READS[watch].path);
			const sent = dev.simulator.requests.slice(from).filter((request) => request.headers['x-apikey'] === key);
			expect(sent.map((request) => [request.method, request.path, request.query, request.status])).toEqual(
				sent.map((request) => ['GET', paths.includes(request.path) ? request.path : paths, {}, 200]),
			);
		}
		for (const watch of watches) {
			const times = reads(watch, from).map((request) => request.at);
			const gaps = times.slice(1).map((at, index) => at - times[index]);
			expect({ watch, closerThanOnePoll: gaps.filter((gap) => gap < ONE_POLL_MS) }).toEqual({
				watch,
				closerThanOnePoll: [],
			});
		}
	};

	/** The workflow's executions, oldest first. */
	const executionsOf = async (watch: Watch): Promise<Execution[]> => {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: workflowIds[watch] }));
		const { results } = await rest(`executions?filter=${filter}&limit=100`);
		return (results as Execution[]).sort((a, b) => Number(a.id) - Number(b.id));
	};
	const idsOf = (executions: Execution[]) => executions.map((execution) => execution.id);
	/** Waits for `count` finished executions of the watch that are not in `before`; gives them, oldest first. */
	const newExecutions = async (watch: Watch, before: Execution[], count: number, seconds = 60) => {
		const known = new Set(idsOf(before));
		const found = await waitFor(
			`${count} new execution(s) of ${watch}`,
			async () => {
				const fresh = (await executionsOf(watch)).filter((execution) => !known.has(execution.id));
				return fresh.length >= count &&
					fresh.every((execution) => !['new', 'running', 'waiting'].includes(execution.status))
					? fresh
					: undefined;
			},
			seconds,
		);
		expect(found.map((execution) => [execution.mode, execution.status])).toEqual(
			Array(count).fill(['trigger', 'success']),
		);
		return found;
	};
	/** The execution as n8n stores it (`data`: flatted JSON text) and its run data. */
	const stored = async (execution: Execution): Promise<{ text: string; runData: RunData }> => {
		const { parse } = require(path.join(dev.n8n.runtimeDir, 'node_modules', 'flatted'));
		// A finished execution's data can be stored a moment after its status.
		for (let attempt = 0; ; attempt++) {
			const { data } = await rest(`executions/${execution.id}`);
			const { runData, error } = parse(data).resultData;
			if (runData && Object.keys(runData).length > 0) return { text: String(data), runData };
			if (error || attempt === 20)
				throw new Error(`execution ${execution.id} has no run data: ${String(error?.message ?? 'and no error')}`);
			await sleep(500);
		}
	};
	/** The json of a node's items on an output (a Filter's second holds what it discarded). */
	const outputOf = (runData: RunData, node: string, output = 0) => {
		expect(runData[node]).toBeDefined();
		const [run] = runData[node];
		expect(run.error).toBeUndefined();
		return (run.data!.main[output] ?? []).map((item) => item.json);
	};
	const itemsOf = async (execution: Execution) => outputOf((await stored(execution)).runData, TRIGGER);

	/** Every file n8n keeps in its user folder (its database, its logs, binary data), but the installed packages. */
	const n8nFiles = (folder = path.join(userFolder, '.n8n')): string[] =>
		readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
			const file = path.join(folder, entry.name);
			if (entry.isDirectory()) return entry.name === 'nodes' ? [] : n8nFiles(file);
			return entry.isFile() ? [file] : [];
		});
	/** The n8n files holding `text` (as UTF-8 bytes). */
	const filesHolding = (text: string) => n8nFiles().filter((file) => readFileSync(file).includes(Buffer.from(text)));
	/** The trigger's state of the watch as n8n saved it: the workflow's static data, or under the durable scheduler its cursor row. */
	const savedState = (watch: Watch): string => {
		const rows = DURABLE_POLLS
			? dev.n8n.query(`SELECT "cursor" AS saved FROM "poller_state" WHERE "workflowId" = '${workflowIds[watch]}'`)
			: dev.n8n.query(`SELECT "staticData" AS saved FROM "workflow_entity" WHERE "id" = '${workflowIds[watch]}'`);
		expect(rows).toHaveLength(1);
		return String(rows[0].saved);
	};

	/** The changes every watch waits for, made at once so that their polls run in parallel: once, by the first test that needs them. */
	let changed: Promise<void> | undefined;
	const makeTheChanges = async () =>
		await (changed ??= (async () => {
			// Permissions: root granted to a new role whose id must be percent-encoded; support's revoked.
			roles()[ODD_ROLE] = { permissions: ['root'] };
			delete roles()[ROLES.support];
			// A key created by the credential's role, with a key and description of odd characters.
			serverState().keys[NEW_KEY] = {
				permissions: [],
				role: NEW_KEY_ROLE,
				description: NEW_KEY_DESCRIPTION,
				createdBy: ROLES.all,
			};
			// The PIN never asked again, a new logo, the same flags in another order (no change).
			Object.assign(settings(), {
				pinTimeout: -1,
				logo: LOGO_AFTER,
				serverFlags: [...(settingsBefore.serverFlags as string[])].reverse(),
			});
		})());

	/**
	 * Activates a watch as a user does. n8n 2.x queues the activation and says in
	 * publication-status when it is done (n8n 1.x has no such route and applies it before it answers).
	 */
	const activate = async (watch: Watch) => {
		const { versionId } = await rest(`workflows/${workflowIds[watch]}`);
		await rest(`workflows/${workflowIds[watch]}/activate`, { versionId });
		await waitFor(
			`n8n to apply the activation of ${watch}`,
			async () => {
				const status = await rest(`workflows/${workflowIds[watch]}/publication-status`).catch((error: Error) => {
					if (error.message.includes(': 404 ')) return { status: 'applied' };
					throw error;
				});
				return status.status === 'in_progress' ? undefined : true;
			},
			60,
		);
	};

	beforeAll(async () => {
		dev = await startDev({ n8nPort: await freePort(), simulatorPort: 0, userFolder, quiet: true });
		// The server as the watch's baseline reads it: a logo, two flags.
		Object.assign(settings(), { logo: LOGO_BEFORE, serverFlags: ['nopin', 'noprovoke'] });
		settingsBefore = structuredClone(settings());
		const credentials: Record<string, string> = { [KEYS.all]: 'nextauth-simulator' };
		for (const [name, apiKey] of [
			['NextAuth (simulator, servers key)', KEYS.servers],
			['NextAuth (simulator, admin key)', KEYS.admin],
		]) {
			credentials[apiKey] = (
				await rest('credentials', {
					name,
					type: 'nextAuthApi',
					data: { apiKey, serverId: SERVER_ID, baseUrl: dev.simulator.baseUrl },
				})
			).id;
		}
		for (const event of EVENTS) {
			const credentialId = credentials[READS[event].key];
			const { name } = await rest(`credentials/${credentialId}`);
			workflowIds[event] = (
				await rest('workflows', {
					name: `NextAuth Trigger e2e: ${event}`,
					nodes: [
						{
							id: `nextauth-trigger-${event}`,
							name: TRIGGER,
							type: 'n8n-nodes-nextauth.nextAuthTrigger',
							typeVersion: 1,
							position: [0, 0],
							parameters: { pollTimes: EVERY_10_S, event, options: {} },
							credentials: { nextAuthApi: { id: credentialId, name } },
						},
					],
					connections: {},
					settings: { executionOrder: 'v1' },
					active: false,
				})
			).id;
		}
		const before = dev.simulator.requests.length;
		for (const watch of WATCHES) await activate(watch);
		// The activation runs each trigger's baseline poll. Under the durable scheduler n8n keeps
		// nothing from that poll: the baseline is the first scheduled poll (the example's: within a minute).
		const baselinePolls = DURABLE_POLLS ? 2 : 1;
		await waitFor(
			'the baseline polls',
			() => (WATCHES.every((watch) => answered(watch, before) >= baselinePolls) ? true : undefined),
			DURABLE_POLLS ? 150 : 60,
		);
		await sleep(STORE_GRACE_MS);
		afterBaselines = dev.simulator.requests.length;
	});

	afterAll(async () => {
		await dev?.stop();
		rmSync(userFolder, { recursive: true, force: true });
	});

	it('activation is a baseline: no execution of any watch; an idle poll is one request', async () => {
		await Promise.all(EVENTS.map(async (event) => await nextPolls(event)));
		for (const watch of WATCHES)
			expect({ watch, executions: await executionsOf(watch) }).toEqual({ watch, executions: [] });
		expectOneRequestAPoll(WATCHES, afterBaselines);
	});

	it(`Permission Changed: root granted to ${ODD_ROLE} and support's permissions revoked, one execution with both; the next poll brings nothing`, async () => {
		await makeTheChanges();
		const [execution] = await newExecutions('permissionChange', [], 1, 40);
		expect(await itemsOf(execution)).toEqual(PERMISSION_CHANGES);
		await nextPolls('permissionChange');
		expect(idsOf(await executionsOf('permissionChange'))).toEqual([execution.id]);
		expectOneRequestAPoll(['permissionChange'], afterBaselines);
	});

	it('New API Key: a key of odd characters, one execution with it masked; the key nowhere in what n8n keeps; the next poll brings nothing', async () => {
		await makeTheChanges();
		const [execution] = await newExecutions('apiKeyCreated', [], 1, 40);
		const { text, runData } = await stored(execution);
		expect(outputOf(runData, TRIGGER)).toEqual([
			{ apikey: NEW_KEY_MASKED, description: NEW_KEY_DESCRIPTION, role: NEW_KEY_ROLE, event: 'apiKeyCreated' },
		]);
		expect(text).toContain(DESCRIPTION_TOKEN);
		expect(text).not.toContain(KEY_CORE);
		await nextPolls('apiKeyCreated');
		expect(idsOf(await executionsOf('apiKeyCreated'))).toEqual([execution.id]);
		expectOneRequestAPoll(['apiKeyCreated', 'example'], afterBaselines);

		// What n8n saved of the watch: a salt and a salted hash of each key listed (those of the
		// baseline, and the new one), no key.
		const listed = Object.entries(serverState().keys as Record<string, { createdBy: string }>)
			.filter(([, key]) => key.createdBy === ROLES.all)
			.map(([apikey]) => apikey);
		expect(listed).toContain(NEW_KEY);
		const saved = savedState('apiKeyCreated');
		const state = findState(JSON.parse(saved));
		expect(state).toEqual({ salt: expect.any(String), seen: expect.any(Array) });
		expect(state!.seen).toHaveLength(listed.length);
		for (const hash of state!.seen as string[]) expect(hash).toMatch(/^[A-Za-z0-9_-]{22}$/);
		for (const apikey of listed) expect(saved).not.toContain(apikey);
		// Nowhere in n8n's files (its database, logs): the description the items show is there.
		expect(filesHolding(DESCRIPTION_TOKEN)).not.toEqual([]);
		expect(filesHolding(KEY_CORE)).toEqual([]);
	});

	it('Server Settings Changed: PIN time-out and logo changed, flags reordered; one execution naming the two changes, without the logo; the next poll brings nothing', async () => {
		await makeTheChanges();
		const [execution] = await newExecutions('serverChange', [], 1, 40);
		const { text, runData } = await stored(execution);
		const { logo: _logo, ...withoutLogo } = settingsBefore;
		expect(outputOf(runData, TRIGGER)).toEqual([
			{
				...withoutLogo,
				serverid: SERVER_ID,
				pinTimeout: -1,
				serverFlags: ['noprovoke', 'nopin'],
				accountCount: serverState().accounts.length,
				changes: { pinTimeout: { from: 5, to: -1 }, logo: { changed: true } },
				event: 'serverChange',
			},
		]);
		expect(settingsBefore.pinTimeout).toBe(5);
		for (const logo of [LOGO_BEFORE, LOGO_AFTER]) expect(text).not.toContain(logo);
		await nextPolls('serverChange');
		expect(idsOf(await executionsOf('serverChange'))).toEqual([execution.id]);
		expectOneRequestAPoll(['serverChange'], afterBaselines);
		for (const logo of [LOGO_BEFORE, LOGO_AFTER]) expect(filesHolding(logo)).toEqual([]);
	});

	it(`the example alert-root-granted.json as shipped: the root grant is one execution whose Message says so; a harmless grant then is filtered out; nothing twice`, async () => {
		await makeTheChanges();
		const [alert] = await newExecutions('example', [], 1, 150);
		const { runData } = await stored(alert);
		expect(outputOf(runData, 'Permission Changed')).toEqual(PERMISSION_CHANGES);
		expect(outputOf(runData, 'Gained root or setrid')).toEqual([PERMISSION_CHANGES[0]]);
		expect(outputOf(runData, 'Gained root or setrid', 1)).toEqual([PERMISSION_CHANGES[1]]);
		expect(outputOf(runData, 'Message')).toEqual([
			{
				text:
					`Role ${ODD_ROLE} was granted root on server ${SERVER_ID}: permissions now root (before: none). ` +
					`Not expected? Revoke it: NextAuth node, Permission > Revoke All, role ${ODD_ROLE}.`,
			},
		]);

		// A harmless grant, after the example's poll that alerted (and the watch's next poll):
		// the example's trigger gives it, its Filter keeps nothing, no Message; the watch gives it once.
		const watchBefore = await executionsOf('permissionChange');
		expect(watchBefore).toHaveLength(1);
		roles()[ROLES.readonly] = { permissions: ['sessions'] };
		const harmless = {
			role: ROLES.readonly,
			server: SERVER_ID,
			change: 'granted',
			permissions: ['sessions'],
			previousPermissions: [],
			acl: 'sessions',
			previousAcl: '',
		};
		const [watched] = await newExecutions('permissionChange', watchBefore, 1, 40);
		expect(await itemsOf(watched)).toEqual([{ ...harmless, event: 'permissionChange' }]);
		const [filtered] = await newExecutions('example', [alert], 1, 90);
		const second = (await stored(filtered)).runData;
		expect(outputOf(second, 'Permission Changed')).toEqual([{ ...harmless, event: 'permissionChange' }]);
		expect(outputOf(second, 'Gained root or setrid')).toEqual([]);
		expect(outputOf(second, 'Gained root or setrid', 1)).toEqual([{ ...harmless, event: 'permissionChange' }]);
		expect(second.Message).toBeUndefined();

		// The next poll of each brings nothing; every poll of every watch was one request.
		await Promise.all([nextPolls('example'), nextPolls('permissionChange')]);
		expect(idsOf(await executionsOf('example'))).toEqual(idsOf([alert, filtered]));
		expect(idsOf(await executionsOf('permissionChange'))).toEqual(idsOf([...watchBefore, watched]));
		for (const event of ['apiKeyCreated', 'serverChange'] as const) expect(await executionsOf(event)).toHaveLength(1);
		expectOneRequestAPoll(WATCHES, afterBaselines);
		expect(reads('example', afterBaselines).length).toBeGreaterThanOrEqual(3);
	});
});

/** The object holding the trigger's `salt` and `seen`, wherever n8n nested it in what it saved. */
function findState(value: unknown): Json | undefined {
	if (value === null || typeof value !== 'object') return undefined;
	if ('salt' in value && 'seen' in value) return value as Json;
	for (const inner of Object.values(value)) {
		const found = findState(typeof inner === 'string' && inner.startsWith('{') ? JSON.parse(inner) : inner);
		if (found) return found;
	}
	return undefined;
}
