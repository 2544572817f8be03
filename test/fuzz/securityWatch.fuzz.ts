/**
 * The NextAuth Trigger's security-watch events as a property: generated sequences of grants,
 * revokes and reorderings of permissions, API keys created (keys full of characters that encode
 * differently), setting changes (statistics, flags reordered, the logo, fields that appear and
 * go), failed polls and restarts of n8n, run in n8n's engine (test/harness/pollTrigger.ts) against
 * the simulator. After every poll that succeeded, what it emitted is checked against what the
 * trigger last reported (n8n saves the state with the activation and the polls that emit; a
 * restart starts from that):
 *
 * - Permission Changed: each item's previousPermissions is the set last reported for its role, its
 *   permissions the set on the server, the two differ, `change` says which way; no role twice in a
 *   poll; as many items as Max Events per Poll allows of the roles that differ, none when none do;
 * - New API Key: the keys created since, in the order the list gives them, each once, masked;
 * - Server Settings Changed: one item when a setting differs from what was last reported, naming
 *   exactly those settings with the values from and to (the logo as `{ changed: true }`), none
 *   when only statistics changed or the flags were reordered;
 * - a failed poll emits nothing; no key and no logo ever in the items or the stored state.
 *
 * Runs with the trigger's property (`npm run fuzz`, FUZZ_PROPERTY=trigger; FUZZ_SEED, FUZZ_RUNS as
 * for the others; as many cases as the trigger's property).
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { N8nEngine } from '../harness/n8nEngine';
import { ActiveTrigger } from '../harness/pollTrigger';
import { KEYS, NextAuthSimulator, SERVER_ID } from '../simulator';
import { readConfig } from './config';

type Simulator = InstanceType<typeof NextAuthSimulator>;
type Event = 'permissionChange' | 'apiKeyCreated' | 'serverChange';

const ROLES = ['role-support', 'role-readonly', 'role-admin', 'ro+le/x=', 'rôle %26&<b> 1', '__proto__'];
const NAMES = ['sessions', 'accounts', 'users', 'servers', 'createserver', 'root', 'setrid'];
/** Characters whose encodings differ from the text: a key must never show in any of them. */
const KEY_CHARACTERS = [...'abcXYZ019', '/', '+', '=', '%', '&', '<', ' ', 'é', '字'];
const LOGO = (n: number) => Buffer.from(`logo number ${n} of the fuzz`).toString('base64');

type Step =
	| { kind: 'grant'; role: number; names: number[]; spaced: boolean }
	| { kind: 'revoke'; role: number }
	| { kind: 'empty'; role: number }
	| { kind: 'createKey'; text: string }
	| { kind: 'setting'; field: 'pinTimeout' | 'pinTransTimeout' | 'pingTime'; value: number }
	| { kind: 'flags'; flags: number[] }
	| { kind: 'reorderFlags' }
	| { kind: 'logo'; n: number }
	| { kind: 'statistics' }
	| { kind: 'appear' }
	| { kind: 'go' }
	| { kind: 'poll' }
	| { kind: 'failedPoll'; fault: '503' | '500' | 'garbage' }
	| { kind: 'restart' };

interface WatchCase {
	event: Event;
	maxEvents: number;
	steps: Step[];
}

const role = fc.nat({ max: ROLES.length - 1 });
const grant = fc.record({
	kind: fc.constant('grant' as const),
	role,
	names: fc.array(fc.nat({ max: NAMES.length - 1 }), { maxLength: 4 }),
	spaced: fc.boolean(),
});
const createKey = fc.record({
	kind: fc.constant('createKey' as const),
	text: fc
		.array(fc.constantFrom(...KEY_CHARACTERS), { minLength: 4, maxLength: 40 })
		.map((characters) => characters.join('')),
});
const setting = fc.record({
	kind: fc.constant('setting' as const),
	field: fc.constantFrom('pinTimeout' as const, 'pinTransTimeout' as const, 'pingTime' as const),
	value: fc.integer({ min: -1, max: 3 }),
});
/** Polls, failures and restarts: the same for every event. */
const trigger: Array<fc.WeightedArbitrary<Step>> = [
	{ arbitrary: fc.constant({ kind: 'poll' as const }), weight: 3 },
	{
		arbitrary: fc.record({
			kind: fc.constant('failedPoll' as const),
			fault: fc.constantFrom('503' as const, '500' as const, 'garbage' as const),
		}),
		weight: 1,
	},
	{ arbitrary: fc.constant({ kind: 'restart' as const }), weight: 1 },
];
/** The steps that change what each event watches, beside the polls. */
const STEPS: Record<Event, Array<fc.WeightedArbitrary<Step>>> = {
	permissionChange: [
		{ arbitrary: grant, weight: 4 },
		{ arbitrary: fc.record({ kind: fc.constant('revoke' as const), role }), weight: 1 },
		{ arbitrary: fc.record({ kind: fc.constant('empty' as const), role }), weight: 1 },
	],
	apiKeyCreated: [{ arbitrary: createKey, weight: 4 }],
	serverChange: [
		{ arbitrary: setting, weight: 3 },
		{
			arbitrary: fc.record({
				kind: fc.constant('flags' as const),
				flags: fc.array(fc.nat({ max: 3 }), { maxLength: 3 }),
			}),
			weight: 1,
		},
		{ arbitrary: fc.constant({ kind: 'reorderFlags' as const }), weight: 1 },
		{ arbitrary: fc.record({ kind: fc.constant('logo' as const), n: fc.nat({ max: 2 }) }), weight: 1 },
		{ arbitrary: fc.constant({ kind: 'statistics' as const }), weight: 1 },
		{ arbitrary: fc.constant({ kind: 'appear' as const }), weight: 1 },
		{ arbitrary: fc.constant({ kind: 'go' as const }), weight: 1 },
	],
};
const watchCase: fc.Arbitrary<WatchCase> = fc
	.constantFrom<Event>('permissionChange', 'apiKeyCreated', 'serverChange')
	.chain((event) =>
		fc.record({
			event: fc.constant(event),
			maxEvents: fc.integer({ min: 1, max: 4 }),
			steps: fc.array(fc.oneof(...STEPS[event], ...trigger), { maxLength: 20 }),
		}),
	);

const setOf = (acl: unknown) =>
	new Set(
		String(acl ?? '')
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean),
	);
const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((name) => b.has(name));
const mask = (key: string) => ([...key].length <= 8 ? '…' : `…${[...key].slice(-4).join('')}`);

/** A setting as the watch compares it: JSON, flags as a sorted set; the logo by its text. */
function compared(field: string, value: unknown): string {
	if (field === 'serverFlags' && Array.isArray(value)) return JSON.stringify([...new Set(value)].sort());
	return JSON.stringify(value ?? null);
}
const STATISTICS = new Set(['accountCount', 'lastLogin']);

/** The world as the trigger should have last reported it; checks each poll's items against the server now. */
class Reported {
	roles = new Map<string, Set<string>>();
	keys = new Set<string>();
	settings = new Map<string, string>();
	/** Keys created by the case, in creation order, with their descriptions. */
	created: Array<{ key: string; description: string }> = [];

	constructor(
		private readonly simulator: Simulator,
		private readonly testCase: WatchCase,
		private readonly problems: string[],
	) {}

	private server() {
		return this.simulator.serverState(SERVER_ID) as {
			roles: Record<string, { permissions?: string[] }>;
			keys: Record<string, { description?: string; createdBy?: string }>;
			settings: Record<string, unknown>;
		};
	}

	rolesNow(): Map<string, Set<string>> {
		return new Map(
			Object.entries(this.server().roles)
				.map(([id, entry]) => [id, setOf((entry.permissions ?? []).join(','))] as const)
				.filter(([, names]) => names.size > 0),
		);
	}

	settingsNow(): Map<string, string> {
		const settings = new Map<string, string>([['serverid', JSON.stringify(SERVER_ID)]]);
		for (const [field, value] of Object.entries(this.server().settings)) {
			if (!STATISTICS.has(field)) settings.set(field, compared(field, value));
		}
		return settings;
	}

	/** Keys of the credential's role (role-all), as the list gives them. */
	keysNow(): string[] {
		return Object.entries(this.server().keys)
			.filter(([, key]) => key.createdBy === 'role-all')
			.map(([key]) => key);
	}

	baseline(): void {
		this.roles = this.rolesNow();
		this.keys = new Set(this.keysNow());
		this.settings = this.settingsNow();
	}

	/** What a poll that succeeded emitted (`items` undefined: nothing), against the world now. */
	polled(items: IDataObject[] | undefined): void {
		const emitted = items ?? [];
		const problem = (text: string) => this.problems.push(`${this.testCase.event}: ${text}`);
		for (const item of emitted)
			if (item.event !== this.testCase.event) problem(`an item of event ${String(item.event)}`);
		if (this.testCase.event === 'permissionChange') {
			const now = this.rolesNow();
			const differing = [...new Set([...now.keys(), ...this.roles.keys()])].filter(
				(id) => !sameSet(now.get(id) ?? new Set(), this.roles.get(id) ?? new Set()),
			);
			const expected = Math.min(differing.length, this.testCase.maxEvents);
			if (emitted.length !== expected)
				problem(`${emitted.length} items where ${expected} roles were to come out (${differing.join(', ')})`);
			const seen = new Set<string>();
			for (const item of emitted) {
				const id = String(item.role);
				if (seen.has(id)) problem(`role ${id} twice in one poll`);
				seen.add(id);
				const before = new Set(item.previousPermissions as string[]);
				const after = new Set(item.permissions as string[]);
				if (!sameSet(before, this.roles.get(id) ?? new Set()))
					problem(`role ${id}: previousPermissions is not what was last reported`);
				if (!sameSet(after, now.get(id) ?? new Set())) problem(`role ${id}: permissions are not the server's`);
				if (sameSet(before, after)) problem(`role ${id}: an item without a change`);
				const change = before.size === 0 ? 'granted' : after.size === 0 ? 'revoked' : 'changed';
				if (item.change !== change) problem(`role ${id}: change ${String(item.change)}, expected ${change}`);
				if (item.server !== SERVER_ID) problem(`role ${id}: server ${String(item.server)}`);
				this.roles.set(id, after);
				if (after.size === 0) this.roles.delete(id);
			}
		} else if (this.testCase.event === 'apiKeyCreated') {
			const fresh = this.keysNow().filter((key) => !this.keys.has(key));
			const expected = fresh.slice(0, this.testCase.maxEvents);
			const wanted = expected.map((key) => `${mask(key)} ${this.descriptionOf(key)}`);
			const got = emitted.map((item) => `${String(item.apikey)} ${String(item.description)}`);
			if (JSON.stringify(got) !== JSON.stringify(wanted))
				problem(`emitted ${JSON.stringify(got)}, expected ${JSON.stringify(wanted)}`);
			for (const key of expected) this.keys.add(key);
		} else {
			const now = this.settingsNow();
			const differing = [...new Set([...now.keys(), ...this.settings.keys()])].filter(
				(field) => now.get(field) !== this.settings.get(field),
			);
			if (emitted.length !== (differing.length > 0 ? 1 : 0))
				problem(`${emitted.length} items for changes of ${differing.join(', ') || 'nothing'}`);
			for (const item of emitted) {
				const changes = item.changes as Record<string, { from?: unknown; to?: unknown; changed?: boolean }>;
				if (JSON.stringify(Object.keys(changes).sort()) !== JSON.stringify(differing.sort()))
					problem(`changes name ${Object.keys(changes).join(', ')}, expected ${differing.join(', ')}`);
				for (const [field, change] of Object.entries(changes)) {
					if (field === 'logo') {
						if (change.changed !== true || 'from' in change) problem('the logo change shows data');
						continue;
					}
					if (compared(field, change.from) !== (this.settings.get(field) ?? 'null'))
						problem(`${field}: from is not what was last reported`);
					if (compared(field, change.to) !== (now.get(field) ?? 'null')) problem(`${field}: to is not the server's`);
				}
				if ('logo' in item) problem('the item holds the logo');
				this.settings = now;
			}
		}
	}

	descriptionOf(key: string): string {
		return this.server().keys[key]?.description ?? '';
	}
}

const config = readConfig();
const describeWatch = config.trigger ? describe : describe.skip;

describeWatch('NextAuth Trigger security watch property', () => {
	let engine: N8nEngine;
	let simulator: Simulator;

	beforeAll(async () => {
		engine = await N8nEngine.load();
		simulator = new NextAuthSimulator();
		await simulator.start();
	});
	afterAll(async () => await simulator.stop());

	async function runCase(testCase: WatchCase): Promise<string[]> {
		simulator.resetWorld();
		simulator.faults = [];
		const problems: string[] = [];
		const reported = new Reported(simulator, testCase, problems);
		const server = simulator.serverState(SERVER_ID) as {
			roles: Record<string, { permissions: string[] }>;
			keys: Record<string, object>;
			settings: Record<string, unknown>;
			accounts: unknown[];
		};
		const secrets = new Set<string>(Object.values(KEYS) as string[]);
		const trigger = new ActiveTrigger(
			engine,
			{ event: testCase.event, options: { maxEventsPerPoll: testCase.maxEvents, maxRetries: 0, timeout: 5000 } },
			() => ({ apiKey: KEYS.all, serverId: SERVER_ID, baseUrl: simulator.baseUrl }),
		);
		await trigger.activate();
		reported.baseline();
		const checkSecrets = (what: string, text: string) => {
			for (const secret of secrets) if (text.includes(secret)) problems.push(`${what} holds a key`);
			if (typeof server.settings.logo === 'string' && text.includes(server.settings.logo as string))
				problems.push(`${what} holds the logo`);
		};
		const polled = (outcome: { items?: Array<{ json: IDataObject }>; error?: Error }) => {
			if (outcome.error) {
				problems.push(`a poll with nothing wrong failed: ${outcome.error.message}`);
				return;
			}
			checkSecrets('an item', JSON.stringify(outcome.items ?? []));
			reported.polled(outcome.items?.map((item) => item.json));
		};
		// An own property also for a role `__proto__`, as JSON.parse would make it.
		const setRole = (index: number, permissions: string[]) =>
			Object.defineProperty(server.roles, ROLES[index], {
				value: { permissions },
				enumerable: true,
				writable: true,
				configurable: true,
			});
		let keys = 0;
		for (const current of testCase.steps) {
			switch (current.kind) {
				case 'grant':
					setRole(
						current.role,
						current.names.map((n) => (current.spaced ? ` ${NAMES[n]} ` : NAMES[n])),
					);
					break;
				case 'revoke':
					delete server.roles[ROLES[current.role]];
					break;
				case 'empty':
					setRole(current.role, []);
					break;
				case 'createKey': {
					const key = `${current.text}-${keys++}`;
					secrets.add(key);
					server.keys[key] = {
						permissions: [],
						role: `role-key-${keys}`,
						description: `key ${keys}`,
						createdBy: 'role-all',
					};
					break;
				}
				case 'setting':
					server.settings[current.field] = current.value;
					break;
				case 'flags':
					server.settings.serverFlags = current.flags.map((n) => ['nopin', 'noprovoke', 'ping', 'x'][n]);
					break;
				case 'reorderFlags':
					server.settings.serverFlags = [...(server.settings.serverFlags as string[])].reverse();
					break;
				case 'logo':
					server.settings.logo = LOGO(current.n);
					break;
				case 'statistics':
					server.settings.lastLogin = Number(server.settings.lastLogin ?? 0) + 1000;
					server.accounts.pop();
					break;
				case 'appear':
					server.settings.appios = 'https://apps.example/ios';
					break;
				case 'go':
					delete server.settings.appurl;
					break;
				case 'poll':
					polled(await trigger.poll());
					break;
				case 'failedPoll': {
					const fault =
						current.fault === 'garbage'
							? { status: 200, body: '{"permissions": [' }
							: { status: Number(current.fault), headers: { 'retry-after': '0' } };
					simulator.failNext(1, fault);
					const outcome = await trigger.poll();
					simulator.faults = [];
					if (outcome.items) problems.push('a failed poll emitted items');
					if (!outcome.error) problems.push('a poll answered with a fault did not fail');
					else if (!['NodeApiError', 'NodeOperationError'].includes(outcome.error.constructor.name))
						problems.push(`a poll failed with a ${outcome.error.constructor.name}`);
					break;
				}
				case 'restart':
					polled(await trigger.restart());
					break;
			}
			checkSecrets('the stored state', JSON.stringify(trigger.saved));
		}
		// Quiet: poll until a poll emits nothing (each emits at most Max Events per Poll).
		for (let quiet = 0; quiet < 20; quiet++) {
			const outcome = await trigger.poll();
			polled(outcome);
			if (!outcome.items) break;
		}
		if (process.env.DBG)
			process.stdout.write(
				`case ${testCase.event} steps=${testCase.steps.length} executions=${trigger.executions.length} problems=${problems.length}\n`,
			);
		return problems;
	}

	for (const seed of config.seeds) {
		const runs = config.triggerRuns;
		it(`security watch, seed ${seed}: ${runs} cases`, async () => {
			const started = Date.now();
			const result = await fc.check(
				fc.asyncProperty(watchCase, async (testCase) => {
					const problems = await runCase(testCase);
					if (problems.length > 0) throw new Error(problems.join('\n'));
				}),
				{ seed, numRuns: runs, endOnFailure: config.shrinkMs === 0 },
			);
			process.stdout.write(
				`security watch seed ${seed}: ${result.numRuns} cases in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
			);
			if (result.failed) {
				throw new Error(
					[
						`the security watch broke its invariants (seed ${seed}):`,
						String((result.errorInstance as Error | undefined)?.message ?? result.errorInstance),
						`case: ${JSON.stringify(result.counterexample?.[0])}`,
					].join('\n'),
				);
			}
		});
	}
});
