/**
 * The NextAuth Trigger's property: generated sequences of changes on the server (enrolments,
 * logins and blocks, many on one timestamp; deletions, also while a poll pages), polls, failed
 * polls, overlapping polls and restarts of n8n, with a random page size and Max Events per Poll,
 * accounts without the sorted column first or last, lists with or without `totalnumber`,
 * run in n8n's engine (test/harness/pollTrigger.ts) against the simulator. After each sequence
 * the trigger polls until quiet; then every event emitted is checked against what happened:
 *
 * - nothing from before the activation, and nothing that did not happen;
 * - no event twice; timestamps never go back; within an execution, ties by id;
 * - nothing lost: every account enrolled after the activation and still there, every account's
 *   last login after it, every block state at the end, has come out;
 * - a block event's previousBlocked is what the trigger last said of that account, or how the
 *   account was when a poll that put nothing off saw it first; the last word matches the end (a
 *   restart included: n8n saves the state only with polls that emit);
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

type Step =
	| { kind: 'add'; user: string; blocked: boolean; tick: number }
	| { kind: 'login'; pick: number; tick: number }
	| { kind: 'block'; pick: number; blocked: boolean }
	| { kind: 'delete'; pick: number }
	| { kind: 'poll' }
	| { kind: 'failedPoll'; fault: '503' | 'garbage' | 'refused' }
	| { kind: 'overlap' }
	| { kind: 'deleteWhilePaging'; pick: number }
	| { kind: 'restart' };

interface TriggerCase {
	event: Event;
	/** Accounts on the server before the activation (some logged in, some blocked). */
	before: number;
	pageSize: number;
	maxEvents: number;
	/** Watch only alice's accounts (Filters › User ID). */
	onlyAlice: boolean;
	/** Accounts without the sorted column first in both directions; lists without totalnumber. */
	missingFirst: boolean;
	withoutTotal: boolean;
	steps: Step[];
}

const USERS = ['alice', 'bob', 'carol.smith'];
/** 0 is a change on the timestamp of the one before (a tie), as servers with second resolution make. */
const tick = fc.constantFrom(0, 0, 1, 2, 1000);
/** Mostly one of the newest accounts. */
const pick = fc.oneof(fc.nat(2), fc.nat());
const step: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), user: fc.constantFrom(...USERS), blocked: fc.boolean(), tick }) },
	{ weight: 5, arbitrary: fc.record({ kind: fc.constant('login' as const), pick, tick }) },
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('block' as const), pick, blocked: fc.boolean() }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick }) },
	{ weight: 5, arbitrary: fc.constant({ kind: 'poll' as const }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('failedPoll' as const), fault: fc.constantFrom('503' as const, 'garbage' as const, 'refused' as const) }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'overlap' as const }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteWhilePaging' as const), pick }) },
	{ weight: 3, arbitrary: fc.constant({ kind: 'restart' as const }) },
);
const triggerCase: fc.Arbitrary<TriggerCase> = fc.record({
	event: fc.constantFrom<Event>('newAccount', 'accountLogin', 'accountBlockChange'),
	before: fc.integer({ min: 0, max: 12 }),
	pageSize: fc.constantFrom(2, 3, 5, 7, 100),
	maxEvents: fc.integer({ min: 1, max: 6 }),
	onlyAlice: fc.boolean(),
	missingFirst: fc.boolean(),
	withoutTotal: fc.boolean(),
	steps: fc.array(step, { maxLength: 30 }),
});

interface Emitted {
	json: IDataObject;
	execution: number;
}

/** What happened on the server, for the oracle. */
class World {
	now = 1_800_000_000_000;
	activatedAt = 0;
	/** Logins after the activation, as `${id}@${lastlogin}`. */
	readonly logins = new Set<string>();
	readonly addedAfter = new Set<number>();

	constructor(private readonly simulator: Simulator) {}

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
		this.simulator.holdClock(this.now);
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
		simulator.resetWorld();
		simulator.faults = [];
		simulator.latencyMs = 0;
		simulator.maxPageSize = testCase.pageSize;
		simulator.listStyle = { missingFirst: testCase.missingFirst, withoutTotal: testCase.withoutTotal };
		const world = new World(simulator);
		world.advance(0);
		for (let n = 0; n < testCase.before; n++) {
			const account = simulator.addAccount({ userid: USERS[n % USERS.length], blocked: n % 4 === 0 });
			if (n % 2 === 0) simulator.logAccountIn(account.id);
			world.advance(n % 3 === 0 ? 0 : 1);
		}
		let down = false;
		const credentials = () => ({
			apiKey: KEYS.all,
			serverId: SERVER_ID,
			baseUrl: down ? 'http://127.0.0.1:9' : simulator.baseUrl,
		});
		const trigger = new ActiveTrigger(
			engine,
			{
				event: testCase.event,
				filters: testCase.onlyAlice ? { userId: 'alice' } : {},
				options: { maxEventsPerPoll: testCase.maxEvents, maxRetries: 0, timeout: 5000 },
			},
			credentials,
		);
		const problems: string[] = [];
		/** What the trigger said of each account's block state (baseline, then its events). */
		const known = new Map<string, boolean>();
		const watched = (account: IDataObject) => !testCase.onlyAlice || account.userid === 'alice';
		for (const account of world.accounts) if (watched(account)) known.set(String(account.id), account.blocked === true);
		await trigger.activate();
		world.advance(1);

		const poll = async () => {
			const outcome = await trigger.poll();
			if (outcome.error && !['NodeApiError', 'NodeOperationError'].includes(outcome.error.constructor.name)) {
				problems.push(`a poll failed with a ${outcome.error.constructor.name}: ${outcome.error.message}`);
			}
			return outcome;
		};
		/**
		 * After polls that read the list: the events they emitted update what the trigger said; an
		 * account it had said nothing of is now known as it is (the trigger saw it). Not when a poll
		 * may have put events off (it emitted Max Events per Poll) or failed.
		 */
		let seenExecutions = 0;
		const observe = (succeeded: boolean) => {
			const fresh = trigger.executions.slice(seenExecutions);
			seenExecutions = trigger.executions.length;
			if (testCase.event !== 'accountBlockChange') return;
			for (const { json } of fresh.flat()) {
				const id = String(json.id);
				const before = known.get(id);
				if (json.previousBlocked !== (json.blocked !== true)) problems.push(`account ${id}: previousBlocked ${String(json.previousBlocked)} with blocked ${String(json.blocked)}`);
				if (before !== undefined && before !== json.previousBlocked) {
					problems.push(`account ${id}: previousBlocked ${String(json.previousBlocked)}, but the trigger last said blocked ${String(before)}`);
				}
				known.set(id, json.blocked === true);
			}
			const putOff = fresh.some((items) => items.length >= testCase.maxEvents);
			if (!succeeded || putOff) return;
			for (const account of world.accounts) if (watched(account) && !known.has(String(account.id))) known.set(String(account.id), account.blocked === true);
		};
		for (const action of testCase.steps) {
			switch (action.kind) {
				case 'add': {
					world.advance(action.tick);
					const account = simulator.addAccount({ userid: action.user, blocked: action.blocked });
					world.addedAfter.add(account.id);
					break;
				}
				case 'login': {
					const account = world.pick(action.pick);
					if (!account) break;
					world.advance(action.tick);
					simulator.logAccountIn(account.id as number);
					world.logins.add(`${String(account.id)}@${world.now}`);
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
				case 'poll':
					observe(!(await poll()).error);
					break;
				case 'failedPoll': {
					const before = trigger.executions.length;
					if (action.fault === 'refused') down = true;
					else if (action.fault === '503') simulator.failNext(1, { status: 503, body: '{}' });
					else simulator.failNext(1, { status: 200, body: '{"accounts": "none"}' });
					const outcome = await poll();
					down = false;
					simulator.faults = [];
					if (!outcome.error) problems.push(`a poll whose answer was ${action.fault} did not fail`);
					if (trigger.executions.length !== before) problems.push(`a failed poll (${action.fault}) emitted`);
					observe(false);
					break;
				}
				case 'overlap':
					simulator.latencyMs = 20;
					observe((await Promise.all([poll(), poll()])).every((outcome) => !outcome.error));
					simulator.latencyMs = 0;
					break;
				case 'deleteWhilePaging': {
					const account = world.pick(action.pick);
					if (!account) break;
					simulator.failNext(1, {
						kind: 'respond',
						respond: async ({ res, record, realAnswer }) => {
							const answer = await realAnswer();
							simulator.removeAccount(account.id as number);
							record.status = answer.status;
							res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
							res.end(answer.body);
						},
					});
					observe(!(await poll()).error);
					simulator.faults = [];
					break;
				}
				case 'restart':
					await trigger.restart();
					observe(true);
					break;
			}
		}
		// Quiet: poll until a poll emits nothing (each emits at most maxEvents).
		for (let quiet = 0; quiet < 200; quiet++) {
			const outcome = await poll();
			observe(!outcome.error);
			if (outcome.error) problems.push(`a poll with nothing wrong failed: ${outcome.error.message}`);
			if (!outcome.items) break;
		}
		const emitted: Emitted[] = trigger.executions.flatMap((items, execution) => items.map((item) => ({ json: item.json, execution })));
		problems.push(...oracle(testCase, world, emitted, known, watched));
		return problems;
	}

	// Cases found before, each replayed first as a test of its own.
	if (config.regressions && !process.env.FUZZ_TRIGGER_CASE) {
		it.each(triggerRegressions.map((entry) => [entry.id, entry] as const))('regression %s', async (_, entry) => {
			const problems = await runCase(entry.case as TriggerCase);
			if (problems.length > 0) throw new Error([`regression ${entry.id} (${entry.note}) still fails:`, ...problems].join('\n'));
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
				{ seed, numRuns: runs, ...(config.path && { path: config.path }), endOnFailure: false },
			);
			process.stdout.write(`trigger seed ${seed}: ${result.numRuns} cases in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
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

/** Every event checked against what happened (see the file's comment). */
function oracle(
	testCase: TriggerCase,
	world: World,
	emitted: Emitted[],
	known: Map<string, boolean>,
	watched: (account: IDataObject) => boolean,
): string[] {
	const problems: string[] = [];
	const wrongEvent = emitted.find(({ json }) => json.event !== testCase.event);
	if (wrongEvent) problems.push(`an item with event ${String(wrongEvent.json.event)}`);
	const now = new Map(world.accounts.filter(watched).map((account) => [String(account.id), account]));
	const unwatched = emitted.find(({ json }) => !watched(json));
	if (unwatched) problems.push(`account ${String(unwatched.json.id)} of ${String(unwatched.json.userid)} came out, but only alice's are watched`);

	if (testCase.event === 'newAccount') {
		const ids = emitted.map(({ json }) => Number(json.id));
		const twice = ids.find((id, index) => ids.indexOf(id) !== index);
		if (twice !== undefined) problems.push(`account ${twice} came out twice`);
		const old = ids.find((id) => !world.addedAfter.has(id));
		if (old !== undefined) problems.push(`account ${old}, there before the activation, came out`);
		for (const [id] of now) if (world.addedAfter.has(Number(id)) && !ids.includes(Number(id))) problems.push(`new account ${id} never came out`);
		problems.push(...inOrder(emitted, 'created'));
	}
	if (testCase.event === 'accountLogin') {
		const logins = emitted.map(({ json }) => `${String(json.id)}@${String(json.lastlogin)}`);
		const twice = logins.find((login, index) => logins.indexOf(login) !== index);
		if (twice) problems.push(`login ${twice} came out twice`);
		const invented = logins.find((login) => !world.logins.has(login));
		if (invented) problems.push(`login ${invented} came out, but no such login happened after the activation`);
		for (const [id, account] of now) {
			const last = `${id}@${String(account.lastlogin)}`;
			if (world.logins.has(last) && !logins.includes(last)) problems.push(`the last login ${last} never came out`);
		}
		problems.push(...inOrder(emitted, 'lastlogin'));
	}
	if (testCase.event === 'accountBlockChange') {
		// Each event was checked against what the trigger had said as it came (observe); at the end
		// the trigger's last word on every account it knows must be the account's state.
		for (const [id, account] of now) {
			const said = known.get(id);
			if (said !== undefined && said !== (account.blocked === true)) problems.push(`account ${id} is ${account.blocked ? '' : 'un'}blocked, but the trigger's last word was the opposite`);
		}
	}
	return problems;
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
			return [`out of order: account ${String(a.json.id)} (${column} ${ta}) before account ${String(b.json.id)} (${column} ${tb})`];
		}
	}
	return [];
}
