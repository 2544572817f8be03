/**
 * The NextAuth Trigger's property: generated sequences of changes on the server, polls, failed
 * polls, overlapping polls and restarts of n8n, run in n8n's engine (test/harness/pollTrigger.ts)
 * against a simulator as unkind as a real database: accounts with equal sort keys come back in a
 * different order on every request (seeded), any number of accounts are deleted and enrolled
 * between two page requests of a poll, accounts move between users and users gain and lose the
 * attribute an Attribute Filter selects (so accounts enter and leave the watched set), the
 * server's clock steps back. Also: many changes on one timestamp, a random page size and Max
 * Events per Poll, accounts without the sorted column first or last, lists with or without
 * `totalnumber`. After each sequence the trigger polls until quiet; every event emitted is
 * checked against what happened:
 *
 * - nothing from before the activation, and nothing that did not happen; no event twice;
 * - New Account: in id order (ids grow); every account enrolled after the activation, watched
 *   then and now and never moved in or out, still there at the end, has come out; one moved into
 *   the watched set may come out (with an id above every id the set had), at most once;
 * - Account Login: timestamps never go back; every account's last login after the activation
 *   has come out, unless it was made while the clock stood behind a time it had shown (those come
 *   out once the clock passes the cursor: documented);
 * - Account Blocked or Unblocked, against a model of what the trigger knows (n8n saves its state
 *   with the activation and polls that emit; a restart starts from that): previousBlocked is what
 *   the trigger last said of the account; an account it did not know is reported only as a block
 *   of a new account, never when it entered the watched set already blocked; after a poll that
 *   put nothing off, nothing it knows differs from the server and a new account found blocked
 *   came out as a block (unless the clock stepped back, when it cannot tell new from entered);
 * - a failed poll emits nothing, and its error is one of n8n's classes with a message.
 *
 * Runs with `npm run fuzz` (FUZZ_PROPERTY=trigger for this one alone; FUZZ_SEED, FUZZ_RUNS,
 * FUZZ_PATH as for the others). A failure prints the shrunk case and the command that replays it;
 * FUZZ_TRIGGER_CASE='<the case as JSON>' runs one case alone.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { N8nEngine } from '../harness/n8nEngine';
import { ActiveTrigger } from '../harness/pollTrigger';
import { KEYS, NextAuthSimulator, SERVER_ID } from '../simulator';
import { readConfig } from './config';
import triggerRegressions from './trigger-regressions.json';

type Simulator = InstanceType<typeof NextAuthSimulator>;
type Event = 'newAccount' | 'accountLogin' | 'accountBlockChange';
/** Which accounts are watched: all, alice's (Filters › User ID), or those of users in group admins (Attribute Filter). */
type Scope = 'all' | 'alice' | 'admins';

type Step =
	| { kind: 'add'; user: string; blocked: boolean; tick: number }
	| { kind: 'login'; pick: number; tick: number }
	| { kind: 'block'; pick: number; blocked: boolean }
	| { kind: 'delete'; pick: number }
	| { kind: 'move'; pick: number; user: string }
	| { kind: 'group'; user: string; admins: boolean }
	| { kind: 'clockBack'; by: number }
	| { kind: 'poll' }
	| { kind: 'failedPoll'; fault: '503' | 'garbage' | 'refused' }
	| { kind: 'overlap' }
	| { kind: 'deleteWhilePaging'; pick: number }
	| { kind: 'churnWhilePaging'; afterAnswers: number; deletes: number; oldest: boolean; inserts: number; user: string }
	| { kind: 'restart' };

interface TriggerCase {
	event: Event;
	/** Accounts on the server before the activation (some logged in, some blocked). */
	before: number;
	pageSize: number;
	maxEvents: number;
	/** Watch only alice's accounts (Filters › User ID); kept for the cases recorded before `scope`. */
	onlyAlice?: boolean;
	scope?: Scope;
	/** Accounts without the sorted column first in both directions; lists without totalnumber. */
	missingFirst: boolean;
	withoutTotal: boolean;
	/** A seed: accounts with equal sort keys in a random order on every request. */
	shuffleTies?: number;
	steps: Step[];
}

const USERS = ['alice', 'bob', 'carol.smith'];
/** 0 is a change on the timestamp of the one before (a tie), as servers with second resolution make. */
const tick = fc.constantFrom(0, 0, 1, 2, 1000);
/** Mostly one of the newest accounts. */
const pick = fc.oneof(fc.nat(2), fc.nat());
const user = fc.constantFrom(...USERS);
/**
 * The ways the simulated server is unkind (FUZZ_TRIGGER_UNKIND, all by default): `ties` shuffled
 * per request, `churn` of many accounts between page requests, `scope` changes (moves, the
 * filtered attribute), `clock` steps back. One at a time shows which the trigger survives.
 */
const UNKIND = ['ties', 'churn', 'scope', 'clock'] as const;
const unkind = new Set(
	(process.env.FUZZ_TRIGGER_UNKIND ?? UNKIND.join(','))
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean),
);
for (const name of unkind)
	if (!(UNKIND as readonly string[]).includes(name))
		throw new Error(`FUZZ_TRIGGER_UNKIND: unknown ${JSON.stringify(name)} (${UNKIND.join(', ')})`);
const when = <T>(name: (typeof UNKIND)[number], arbitraries: Array<fc.WeightedArbitrary<T>>) =>
	unkind.has(name) ? arbitraries : [];

const step: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), user, blocked: fc.boolean(), tick }) },
	{ weight: 5, arbitrary: fc.record({ kind: fc.constant('login' as const), pick, tick }) },
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('block' as const), pick, blocked: fc.boolean() }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick }) },
	...when<Step>('scope', [
		{ weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), pick, user }) },
		{ weight: 2, arbitrary: fc.record({ kind: fc.constant('group' as const), user, admins: fc.boolean() }) },
	]),
	...when<Step>('clock', [
		{
			weight: 1,
			arbitrary: fc.record({ kind: fc.constant('clockBack' as const), by: fc.constantFrom(1, 1000, 5000) }),
		},
	]),
	{ weight: 5, arbitrary: fc.constant({ kind: 'poll' as const }) },
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('failedPoll' as const),
			fault: fc.constantFrom('503' as const, 'garbage' as const, 'refused' as const),
		}),
	},
	{ weight: 1, arbitrary: fc.constant({ kind: 'overlap' as const }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteWhilePaging' as const), pick }) },
	...when<Step>('churn', [
		{
			weight: 2,
			arbitrary: fc.record({
				kind: fc.constant('churnWhilePaging' as const),
				afterAnswers: fc.integer({ min: 1, max: 3 }),
				deletes: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 4, max: 30 })),
				oldest: fc.boolean(),
				inserts: fc.integer({ min: 0, max: 4 }),
				user,
			}),
		},
	]),
	{ weight: 3, arbitrary: fc.constant({ kind: 'restart' as const }) },
);
const triggerCase: fc.Arbitrary<TriggerCase> = fc.record({
	event: fc.constantFrom<Event>('newAccount', 'accountLogin', 'accountBlockChange'),
	before: fc.integer({ min: 0, max: 12 }),
	pageSize: fc.constantFrom(2, 3, 5, 7, 100),
	maxEvents: fc.integer({ min: 1, max: 6 }),
	scope: fc.constantFrom<Scope>('all', 'all', 'alice', 'admins'),
	missingFirst: fc.boolean(),
	withoutTotal: fc.boolean(),
	shuffleTies: unkind.has('ties')
		? fc.option(fc.integer({ min: 1, max: 1_000_000 }), { freq: 2 }).map((seed) => seed ?? undefined)
		: fc.constant(undefined),
	steps: fc.array(step, { maxLength: 30 }),
});

interface Emitted {
	json: IDataObject;
	execution: number;
}

/** How an account came and went, for the oracle. */
interface History {
	/** The step that enrolled it (-1: before the activation). */
	enrolled: number;
	/** Whether it was watched when enrolled. */
	watchedAtEnrolment: boolean;
	/** The last step that moved it into or out of the watched set without enrolling or deleting it. */
	scopeChanged?: number;
}

/** What happened on the server, for the oracle. */
class World {
	now = 1_800_000_000_000;
	/** The latest time the server's clock has shown. */
	highest = this.now;
	/** The last step at which the clock stepped back (-1: never). */
	clockBack = -1;
	step = -1;
	/** Logins after the activation, as `${id}@${lastlogin}`; `required` those made while the clock was not behind. */
	readonly logins = new Set<string>();
	readonly requiredLogins = new Set<string>();
	readonly history = new Map<string, History>();

	constructor(
		private readonly simulator: Simulator,
		readonly scope: Scope,
	) {}

	get accounts(): IDataObject[] {
		return this.simulator.serverState(SERVER_ID).accounts as IDataObject[];
	}

	/** The account `back` places from the newest (wrapping): changes to new accounts are the subtle ones. */
	pick(back: number): IDataObject | undefined {
		const accounts = this.accounts;
		return accounts.length === 0 ? undefined : accounts[accounts.length - 1 - (back % accounts.length)];
	}

	advance(by: number): void {
		this.now += by;
		this.highest = Math.max(this.highest, this.now);
		this.simulator.holdClock(this.now);
	}

	stepBack(by: number): void {
		this.now -= by;
		this.clockBack = this.step;
		this.simulator.holdClock(this.now);
	}

	/** Whether the watch selects the account now. */
	watched(account: IDataObject): boolean {
		if (this.scope === 'alice') return account.userid === 'alice';
		if (this.scope === 'admins') {
			const attributes = this.simulator.serverState(SERVER_ID).attributes as Map<string, IDataObject> | undefined;
			return typeof account.userid === 'string' && attributes?.get(account.userid)?.group === 'admins';
		}
		return true;
	}

	enrol(account: IDataObject): void {
		this.history.set(String(account.id), { enrolled: this.step, watchedAtEnrolment: this.watched(account) });
	}

	/** Runs a change that may move accounts into or out of the watched set, and notes which it moved. */
	rescope(change: () => void): void {
		const before = new Map(this.accounts.map((account) => [String(account.id), this.watched(account)]));
		change();
		for (const account of this.accounts) {
			const id = String(account.id);
			if (before.get(id) !== this.watched(account)) {
				const history = this.history.get(id);
				if (history) history.scopeChanged = this.step;
			}
		}
	}
}

const config = readConfig();
const describeTrigger = config.trigger ? describe : describe.skip;

describeTrigger('NextAuth Trigger property', () => {
	let engine: N8nEngine;
	let simulator: Simulator;

	beforeAll(async () => {
		engine = await N8nEngine.load();
		simulator = new NextAuthSimulator();
		await simulator.start();
	});
	afterAll(async () => await simulator.stop());

	async function runCase(testCase: TriggerCase): Promise<string[]> {
		const scope: Scope = testCase.scope ?? (testCase.onlyAlice ? 'alice' : 'all');
		simulator.resetWorld();
		simulator.faults = [];
		simulator.latencyMs = 0;
		simulator.maxPageSize = testCase.pageSize;
		simulator.listStyle = { missingFirst: testCase.missingFirst, withoutTotal: testCase.withoutTotal };
		simulator.shuffleTies = testCase.shuffleTies;
		const world = new World(simulator, scope);
		world.advance(0);
		for (let n = 0; n < testCase.before; n++) {
			const account = simulator.addAccount({ userid: USERS[n % USERS.length], blocked: n % 4 === 0 });
			if (n % 2 === 0) simulator.logAccountIn(account.id);
			world.advance(n % 3 === 0 ? 0 : 1);
		}
		for (const account of world.accounts) world.enrol(account);
		let down = false;
		const credentials = () => ({
			apiKey: KEYS.all,
			serverId: SERVER_ID,
			baseUrl: down ? 'http://127.0.0.1:9' : simulator.baseUrl,
		});
		const filters = scope === 'alice' ? { userId: 'alice' } : scope === 'admins' ? { filter: 'group=admins' } : {};
		const trigger = new ActiveTrigger(
			engine,
			{
				event: testCase.event,
				filters,
				options: { maxEventsPerPoll: testCase.maxEvents, maxRetries: 0, timeout: 5000 },
			},
			credentials,
		);
		const problems: string[] = [];
		const blocks = new BlockModel(world, testCase, problems);
		// As every poll, the activation comes a second after the changes before it (the server's
		// Date has whole seconds: what happens in the second of a read cannot be placed before or after it).
		world.advance(1000);
		await trigger.activate();
		blocks.activated();
		world.step = 0;

		const poll = async () => {
			const outcome = await trigger.poll();
			if (outcome.error && !['NodeApiError', 'NodeOperationError'].includes(outcome.error.constructor.name)) {
				problems.push(`a poll failed with a ${outcome.error.constructor.name}: ${outcome.error.message}`);
			}
			return outcome;
		};
		/** The executions the polls of this step started, for the block model. */
		let seenExecutions = 0;
		const fresh = () => {
			const items = trigger.executions.slice(seenExecutions);
			seenExecutions = trigger.executions.length;
			return items;
		};
		/** A poll of this step, at least a second after the last on the server's clock (n8n polls a minute apart at most often). */
		const scheduledPoll = async () => {
			world.advance(1000);
			const outcome = await poll();
			blocks.polled(!outcome.error, fresh());
			return outcome;
		};
		for (const [index, action] of testCase.steps.entries()) {
			world.step = index + 1;
			switch (action.kind) {
				case 'add': {
					world.advance(action.tick);
					world.enrol(simulator.addAccount({ userid: action.user, blocked: action.blocked }));
					break;
				}
				case 'login': {
					const account = world.pick(action.pick);
					if (!account) break;
					world.advance(action.tick);
					const caughtUp = world.now >= world.highest;
					simulator.logAccountIn(account.id as number);
					world.logins.add(`${String(account.id)}@${world.now}`);
					if (caughtUp) world.requiredLogins.add(`${String(account.id)}@${world.now}`);
					break;
				}
				case 'block': {
					const account = world.pick(action.pick);
					if (account) simulator.setBlocked(account.id as number, action.blocked);
					break;
				}
				case 'delete': {
					const account = world.pick(action.pick);
					if (account) simulator.removeAccount(account.id as number);
					break;
				}
				case 'move': {
					const account = world.pick(action.pick);
					if (account) world.rescope(() => simulator.moveAccount(account.id as number, action.user));
					break;
				}
				case 'group':
					world.rescope(() => simulator.setUserAttribute(action.user, 'group', action.admins ? 'admins' : 'ops'));
					break;
				case 'clockBack':
					world.stepBack(action.by);
					break;
				case 'poll':
					await scheduledPoll();
					break;
				case 'failedPoll': {
					const before = trigger.executions.length;
					if (action.fault === 'refused') down = true;
					else if (action.fault === '503') simulator.failNext(1, { status: 503, body: '{}' });
					else simulator.failNext(1, { status: 200, body: '{"accounts": "none"}' });
					const outcome = await scheduledPoll();
					down = false;
					simulator.faults = [];
					if (!outcome.error) problems.push(`a poll whose answer was ${action.fault} did not fail`);
					if (trigger.executions.length !== before) problems.push(`a failed poll (${action.fault}) emitted`);
					break;
				}
				case 'overlap': {
					simulator.latencyMs = 20;
					world.advance(1000);
					const outcomes = await Promise.all([poll(), poll()]);
					blocks.polled(
						outcomes.every((outcome) => !outcome.error),
						fresh(),
					);
					simulator.latencyMs = 0;
					break;
				}
				case 'deleteWhilePaging': {
					const account = world.pick(action.pick);
					if (!account) break;
					simulator.changeAfterAnswers(1, () => simulator.removeAccount(account.id as number));
					await scheduledPoll();
					simulator.faults = [];
					break;
				}
				case 'churnWhilePaging': {
					simulator.changeAfterAnswers(action.afterAnswers, () => {
						const accounts = [...world.accounts];
						const doomed = action.oldest
							? accounts.slice(0, action.deletes)
							: accounts.slice(-action.deletes || accounts.length);
						for (const account of action.deletes === 0 ? [] : doomed) simulator.removeAccount(account.id as number);
						for (let n = 0; n < action.inserts; n++) world.enrol(simulator.addAccount({ userid: action.user }));
					});
					await scheduledPoll();
					simulator.faults = [];
					break;
				}
				case 'restart': {
					blocks.restarting();
					world.advance(1000);
					const outcome = await trigger.restart();
					blocks.polled(!outcome.error, fresh(), true);
					break;
				}
			}
		}
		// Quiet: poll until a poll emits nothing (each emits at most maxEvents).
		world.step = testCase.steps.length + 1;
		for (let quiet = 0; quiet < 200; quiet++) {
			const outcome = await scheduledPoll();
			if (outcome.error) problems.push(`a poll with nothing wrong failed: ${outcome.error.message}`);
			if (!outcome.items) break;
		}
		const emitted: Emitted[] = trigger.executions.flatMap((items, execution) =>
			items.map((item) => ({ json: item.json, execution })),
		);
		problems.push(...oracle(testCase, world, emitted), ...blocks.atEnd());
		return problems;
	}

	// Cases found before, each replayed first as a test of its own.
	if (config.regressions && !process.env.FUZZ_TRIGGER_CASE) {
		it.each(triggerRegressions.map((entry) => [entry.id, entry] as const))('regression %s', async (_, entry) => {
			const problems = await runCase(entry.case as TriggerCase);
			if (problems.length > 0)
				throw new Error([`regression ${entry.id} (${entry.note}) still fails:`, ...problems].join('\n'));
		});
	}

	// FUZZ_TRIGGER_CASE='{"event":…}': this one case (as a failure prints it), its problems listed.
	const oneCase = process.env.FUZZ_TRIGGER_CASE;
	if (oneCase) {
		it('the case in FUZZ_TRIGGER_CASE', async () => {
			const problems = await runCase(JSON.parse(oneCase) as TriggerCase);
			if (problems.length > 0) throw new Error(problems.join('\n'));
		});
		return;
	}

	const seeds = config.seeds;
	for (const seed of seeds) {
		const runs = config.path ? 1 : config.triggerRuns;
		it(`trigger, seed ${seed}: ${config.path ? `replay ${config.path}` : `${runs} cases`}`, async () => {
			const started = Date.now();
			const result = await fc.check(
				fc.asyncProperty(triggerCase, async (testCase) => {
					const problems = await runCase(testCase);
					if (problems.length > 0) throw new Error(problems.join('\n'));
				}),
				// FUZZ_SHRINK_MS=0: the first failing case as it is (mutation testing wants a verdict, not a case).
				{ seed, numRuns: runs, ...(config.path && { path: config.path }), endOnFailure: config.shrinkMs === 0 },
			);
			process.stdout.write(
				`trigger seed ${seed}: ${result.numRuns} cases in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
			);
			if (result.failed) {
				const replay = `FUZZ_SEED=${seed} FUZZ_PROPERTY=trigger FUZZ_PATH=${result.counterexamplePath} npm run fuzz`;
				throw new Error(
					[
						`the trigger broke its invariants (seed ${seed}, path ${result.counterexamplePath}); keep the case in trigger-regressions.json:`,
						String((result.errorInstance as Error | undefined)?.message ?? result.errorInstance),
						`case: ${JSON.stringify(result.counterexample?.[0])}`,
						`replay: ${replay}`,
					].join('\n'),
				);
			}
		});
	}
});

/** Every event of New Account and Account Login checked against what happened (see the file's comment). */
function oracle(testCase: TriggerCase, world: World, emitted: Emitted[]): string[] {
	const problems: string[] = [];
	const wrongEvent = emitted.find(({ json }) => json.event !== testCase.event);
	if (wrongEvent) problems.push(`an item with event ${String(wrongEvent.json.event)}`);
	const historyOf = (id: string) => world.history.get(id);
	const moved = (id: string) => historyOf(id)?.scopeChanged !== undefined;
	const now = new Map(
		world.accounts.filter((account) => world.watched(account)).map((account) => [String(account.id), account]),
	);
	// An account the watch never selected, not even for a moment, must not come out.
	const never = emitted.find(
		({ json }) => !world.watched(json) && !moved(String(json.id)) && !historyOf(String(json.id))?.watchedAtEnrolment,
	);
	if (never)
		problems.push(
			`account ${String(never.json.id)} of ${String(never.json.userid)} came out, but the watch never selected it`,
		);

	if (testCase.event === 'newAccount') {
		const ids = emitted.map(({ json }) => String(json.id));
		const twice = ids.find((id, index) => ids.indexOf(id) !== index);
		if (twice !== undefined) problems.push(`account ${twice} came out twice`);
		// One moved into the watched set may come out when its id is above every id the set had.
		const old = ids.find((id) => (historyOf(id)?.enrolled ?? -1) < 0 && !moved(id));
		if (old !== undefined) problems.push(`account ${old}, there before the activation, came out`);
		for (const [id] of now) {
			const history = historyOf(id);
			if (history && history.enrolled >= 0 && history.watchedAtEnrolment && !moved(id) && !ids.includes(id))
				problems.push(`new account ${id} never came out`);
		}
		for (let n = 1; n < emitted.length; n++) {
			if (Number(emitted[n - 1].json.id) >= Number(emitted[n].json.id)) {
				problems.push(
					`out of order: account ${String(emitted[n - 1].json.id)} before account ${String(emitted[n].json.id)}`,
				);
				break;
			}
		}
	}
	if (testCase.event === 'accountLogin') {
		const logins = emitted.map(({ json }) => `${String(json.id)}@${String(json.lastlogin)}`);
		const twice = logins.find((login, index) => logins.indexOf(login) !== index);
		if (twice) problems.push(`login ${twice} came out twice`);
		// Once the clock stepped back, an account joining the set may bring a login from after the
		// server's time at the poll before: it cannot be told from a new one.
		const invented = logins.find(
			(login) => !world.logins.has(login) && !(world.clockBack >= 0 && moved(login.split('@')[0])),
		);
		if (invented) problems.push(`login ${invented} came out, but no such login happened after the activation`);
		for (const [id, account] of now) {
			const last = `${id}@${String(account.lastlogin)}`;
			if (world.requiredLogins.has(last) && !moved(id) && !logins.includes(last))
				problems.push(`the last login ${last} never came out`);
		}
		problems.push(...inOrder(emitted, 'lastlogin'));
	}
	return problems;
}

/**
 * What the trigger knows of each account's block state, as its promise says it must: its state
 * after each poll that succeeded, and what n8n saved of it (with the activation and each poll that
 * emitted), which a restart starts from. Checks each poll's events as they come.
 */
class BlockModel {
	/** Account id → blocked, as the trigger last said or saw it. */
	private known = new Map<string, boolean>();
	/**
	 * The step of the last poll after which the trigger knew every watched account (one that
	 * succeeded and put nothing off): accounts enrolled before it and unknown were not watched then.
	 */
	private stateStep = 0;
	private saved = { known: new Map<string, boolean>(), step: 0 };
	private readonly active: boolean;

	constructor(
		private readonly world: World,
		private readonly testCase: TriggerCase,
		private readonly problems: string[],
	) {
		this.active = testCase.event === 'accountBlockChange';
	}

	/** The activation's poll: a baseline of the watched accounts as they are. */
	activated(): void {
		if (!this.active) return;
		for (const account of this.world.accounts)
			if (this.world.watched(account)) this.known.set(String(account.id), account.blocked === true);
		this.saved = { known: new Map(this.known), step: 0 };
	}

	/** n8n stops: it starts again from what it saved. */
	restarting(): void {
		this.known = new Map(this.saved.known);
		this.stateStep = this.saved.step;
	}

	/**
	 * A poll of this step (two when they overlapped) ended; `executions` are what it emitted. After
	 * an activation (`restarted`) n8n saves the state whatever the poll emitted.
	 */
	polled(succeeded: boolean, executions: Array<Array<{ json: IDataObject }>>, restarted = false): void {
		if (!this.active || !succeeded) return;
		const { world, problems } = this;
		const events = executions.flat().map(({ json }) => json);
		/** Once the clock stepped back, a new account and one that entered the set cannot be told apart. */
		const clockSteady = world.clockBack < 0;
		const said = new Set<string>();
		for (const json of events) {
			const id = String(json.id);
			said.add(id);
			if (json.previousBlocked !== (json.blocked !== true))
				problems.push(
					`account ${id}: previousBlocked ${String(json.previousBlocked)} with blocked ${String(json.blocked)}`,
				);
			const before = this.known.get(id);
			if (before !== undefined && before !== json.previousBlocked) {
				problems.push(
					`account ${id}: previousBlocked ${String(json.previousBlocked)}, but the trigger last said blocked ${String(before)}`,
				);
			}
			const history = world.history.get(id);
			if (before === undefined && history && history.enrolled < this.stateStep && clockSteady) {
				problems.push(
					`account ${id} entered the watched set ${json.blocked === true ? 'already blocked' : 'unblocked'}, and came out as a ${json.blocked === true ? 'block' : 'unblock'}`,
				);
			}
			this.known.set(id, json.blocked === true);
		}
		const putOff = executions.some((items) => items.length >= this.testCase.maxEvents);
		const current = new Map(
			world.accounts
				.filter((account) => world.watched(account))
				.map((account) => [String(account.id), account.blocked === true]),
		);
		for (const id of [...this.known.keys()]) if (!current.has(id)) this.known.delete(id);
		for (const [id, blocked] of current) {
			const before = this.known.get(id);
			const history = world.history.get(id);
			const isNew = history !== undefined && history.enrolled >= this.stateStep && history.scopeChanged === undefined;
			if (putOff) {
				// Changes may wait for the next poll; an account that entered the set is taken as it is.
				if (before === undefined && history !== undefined && history.enrolled < this.stateStep && clockSteady)
					this.known.set(id, blocked);
				continue;
			}
			if (before !== undefined && before !== blocked)
				problems.push(
					`account ${id} is ${blocked ? '' : 'un'}blocked, but the trigger's last word was the opposite after a poll that put nothing off`,
				);
			if (before === undefined && blocked && isNew && !said.has(id) && world.clockBack < this.stateStep) {
				problems.push(`new account ${id} was found blocked, but no block came out`);
			}
			this.known.set(id, blocked);
		}
		if (!putOff) this.stateStep = world.step;
		if (events.length > 0 || restarted) this.saved = { known: new Map(this.known), step: this.stateStep };
	}

	atEnd(): string[] {
		if (!this.active) return [];
		const problems: string[] = [];
		for (const account of this.world.accounts) {
			const said = this.known.get(String(account.id));
			if (this.world.watched(account) && said !== undefined && said !== (account.blocked === true)) {
				problems.push(
					`account ${String(account.id)} is ${account.blocked ? '' : 'un'}blocked, but the trigger's last word was the opposite`,
				);
			}
		}
		return problems;
	}
}

/**
 * Events come out in the server's order: timestamps never go back, across executions; within one
 * execution accounts of one timestamp come by id. (An account that takes the timestamp of an
 * earlier poll after that poll comes out at the next one, after accounts of that timestamp with
 * higher ids: that is no disorder.)
 */
function inOrder(emitted: Emitted[], column: 'created' | 'lastlogin'): string[] {
	for (let n = 1; n < emitted.length; n++) {
		const [a, b] = [emitted[n - 1], emitted[n]];
		const [ta, tb] = [Number(a.json[column]), Number(b.json[column])];
		const sameExecution = a.execution === b.execution;
		if (ta > tb || (ta === tb && sameExecution && Number(a.json.id) >= Number(b.json.id))) {
			return [
				`out of order: account ${String(a.json.id)} (${column} ${ta}) before account ${String(b.json.id)} (${column} ${tb})`,
			];
		}
	}
	return [];
}
