// npm run bench:trigger — what one poll of the NextAuth Trigger costs on a large server: the BUILT
// package (dist/) polled through n8n-core's PollTriggerExecutor and PollContext (scripts/lib/
// pollEngine.js, as test/harness/pollTrigger.ts does it) against the simulator on loopback, in
// this one process. For each event (New Account, Account Login, Account Blocked or Unblocked): the
// activation's baseline poll, then polls with 0, 10 and 1,000 events since the poll before; per
// poll the requests, the time poll() took in n8n, the simulator's share of it, and the slowest
// request against the default Timeout. Side by side for each simulator page size (the most
// accounts a page holds, whatever `limit` asks: the trigger asks for 500).
// Each figure is the median of --runs runs, taken in turns (the request counts do not vary).
// Options: --accounts 100000  --page-sizes 100,500  --events 0,10,1000  --runs 3  --latency 0
//          (ms the simulator waits before each answer)
//          --quick: 10,000 accounts, the short form for CI (the full form is the default)
// Every poll's output is checked (the events expected, each once); a wrong one fails the run.
'use strict';

const diagnostics = require('node:diagnostics_channel');
const os = require('node:os');

const { loadPackage, ActiveTrigger } = require('./lib/pollEngine');
const { numberOption, numberListOption, median } = require('./lib/options');
const { NextAuthSimulator, KEYS, SERVER_ID } = require('../test/simulator');

// From the built package: the Timeout option's default, the list bounds and the page asked for.
const { DEFAULT_TIMEOUT_MS } = require('../dist/nodes/shared/transport/limits');
const { LIST_PAGE_SIZE, MAX_LIST_ENTRIES } = require('../dist/nodes/shared/helpers/lists');
const { DEFAULT_MAX_EVENTS } = require('../dist/nodes/NextAuthTrigger/descriptions/trigger.description');
/** n8n-core 2.41's PollContext gives a poll this long unless n8n says otherwise (getPollBudgetMs). */
const POLL_BUDGET_MS = 5 * 60_000;

const EVENTS = ['newAccount', 'accountLogin', 'accountBlockChange'];
/** The server's clock for the events made here: after every timestamp in the world, one event every 50 ms. */
const EVENT_CLOCK_START = 1_800_000_000_000;
const EVENT_CLOCK_STEP_MS = 50;

/** What the simulator and the transport did during one poll. */
class Meter {
	constructor(simulator) {
		this.reset();
		// The simulator's own time per request (filtering, sorting 100,000 accounts, JSON): a real
		// server with an index does this part differently, so it is reported apart.
		const route = simulator.route.bind(simulator);
		simulator.route = async (...args) => {
			const started = performance.now();
			try {
				return await route(...args);
			} finally {
				this.requests++;
				this.simulatorMs += performance.now() - started;
			}
		};
		// Each request as the package's transport (undici) sees it: from its creation to the end
		// of the answer's body, what the Timeout option bounds.
		const started = new WeakMap();
		diagnostics.subscribe('undici:request:create', ({ request }) => started.set(request, performance.now()));
		diagnostics.subscribe('undici:request:trailers', ({ request }) => {
			const at = started.get(request);
			if (at !== undefined) this.slowestMs = Math.max(this.slowestMs, performance.now() - at);
		});
	}

	reset() {
		this.requests = 0;
		this.simulatorMs = 0;
		this.slowestMs = 0;
	}
}

/**
 * The simulator's world with `count` accounts (its 4 plus addBulkAccounts' from id 1000). With
 * `distinctLogins`, every bulk account gets a login time of its own (spread over about a year,
 * 5 minutes apart), as millisecond timestamps are on a real server; addBulkAccounts' own logins
 * fall on whole days, about count / 365 accounts to a day.
 */
function buildWorld(simulator, count, { distinctLogins }) {
	simulator.resetWorld();
	simulator.holdClock(undefined);
	const server = simulator.serverState(SERVER_ID);
	simulator.addBulkAccounts(count - server.accounts.length);
	const bulk = server.accounts.filter((account) => account.id >= 1000);
	if (distinctLogins) {
		// 7919 is prime and no divisor of the count: (id × 7919) mod count is a different slot for each id.
		for (const account of bulk) account.lastlogin = 1_764_000_000_000 - ((account.id * 7919) % bulk.length) * 300_000;
	}
	return bulk;
}

/** `count` events of `event` on the server, each at its own time; returns the ids they concern. */
function makeEvents(simulator, event, count, bulk, clock) {
	const ids = [];
	for (let n = 0; n < count; n++) {
		simulator.holdClock(clock.next());
		// Accounts spread over the list (a stride prime to its length), each one once per burst.
		const account = bulk[(clock.made++ * 7919) % bulk.length];
		if (event === 'newAccount') ids.push(simulator.addAccount({ userid: 'bench-new' }).id);
		else if (event === 'accountLogin') ids.push(simulator.logAccountIn(account.id).id);
		else ids.push(simulator.setBlocked(account.id, !account.blocked).id);
	}
	simulator.holdClock(undefined);
	return ids;
}

async function main() {
	const quick = process.argv.includes('--quick');
	const accounts = numberOption('accounts', quick ? 10_000 : 100_000);
	const pageSizes = numberListOption('page-sizes', '100,500');
	const bursts = numberListOption('events', '0,10,1000');
	const runs = Math.max(1, numberOption('runs', 3));
	const latencyMs = numberOption('latency', 0);
	const simulator = new NextAuthSimulator();
	await simulator.start();
	simulator.recordRequests = false;
	const meter = new Meter(simulator);
	const engine = await loadPackage();
	const credentials = { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl: simulator.baseUrl };
	const loadAtStart = os.loadavg();

	// Warm-up, not measured: n8n's expression isolate, the transport's connection, the JIT.
	simulator.maxPageSize = 100;
	buildWorld(simulator, Math.min(accounts, 2000), { distinctLogins: true });
	for (const event of EVENTS) {
		const warm = new ActiveTrigger(engine, { event }, credentials);
		await warm.activate();
		await warm.poll();
	}
	simulator.latencyMs = latencyMs;

	/** One poll, measured: requests, ms, the simulator's ms, the slowest request; fails on a wrong output. */
	const measure = async (run, expected) => {
		meter.reset();
		const started = performance.now();
		const outcome = await run();
		const ms = performance.now() - started;
		if (outcome.error) throw new Error(`a poll failed: ${outcome.error.message}`);
		const emitted = (outcome.items ?? []).map((item) => item.json.id);
		const wanted = new Set(expected);
		if (
			emitted.length !== wanted.size ||
			new Set(emitted).size !== emitted.length ||
			!emitted.every((id) => wanted.has(id))
		) {
			throw new Error(`a poll emitted ${emitted.length} events, ${wanted.size} expected (each once)`);
		}
		return {
			requests: meter.requests,
			ms,
			simulatorMs: meter.simulatorMs,
			ownMs: ms - meter.simulatorMs,
			slowestMs: meter.slowestMs,
			events: emitted.length,
		};
	};

	/** samples[row][pageSize]: the measured polls of each run; rows in the order first measured. */
	const samples = new Map();
	const record = (row, pageSize, figure) => {
		if (!samples.has(row)) samples.set(row, {});
		(samples.get(row)[pageSize] ??= []).push(figure);
	};
	const stateBytes = {};
	// The runs in turns, so that no page size meets a busier machine than another.
	for (let turn = 1; turn <= runs; turn++) {
		for (const pageSize of pageSizes) {
			simulator.maxPageSize = pageSize;
			for (const event of EVENTS) {
				process.stderr.write(`run ${turn}/${runs}, page size ${pageSize}: ${event}…\n`);
				const bulk = buildWorld(simulator, accounts, { distinctLogins: true });
				const clock = { at: EVENT_CLOCK_START, made: 0, next: () => (clock.at += EVENT_CLOCK_STEP_MS) };
				const trigger = new ActiveTrigger(engine, { event }, credentials);
				record(`${event}|baseline`, pageSize, await measure(() => trigger.activate(), []));
				for (const count of bursts) {
					const ids = makeEvents(simulator, event, count, bulk, clock);
					record(`${event}|${count}`, pageSize, await measure(() => trigger.poll(), ids));
				}
				stateBytes[event] = Math.max(stateBytes[event] ?? 0, Buffer.byteLength(trigger.savedState()));
			}
			// Account Login on addBulkAccounts' own logins, whole days: many accounts share the
			// newest timestamp, and the baseline and an idle poll read down past all of them.
			const bulk = buildWorld(simulator, accounts, { distinctLogins: false });
			const newest = bulk.reduce((max, account) => Math.max(max, account.lastlogin), 0);
			const tied = bulk.filter((account) => account.lastlogin === newest).length;
			const ties = new ActiveTrigger(engine, { event: 'accountLogin' }, credentials);
			record(`accountLogin, ${tied} tied|baseline`, pageSize, await measure(() => ties.activate(), []));
			record(`accountLogin, ${tied} tied|0`, pageSize, await measure(() => ties.poll(), []));
		}
	}
	await simulator.stop();

	const cpu = os.cpus();
	const loads = (values) => values.map((load) => load.toFixed(2)).join(' ');
	console.log(
		`\nNextAuth Trigger, ${new Date().toISOString().slice(0, 10)} — ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
			`Node ${process.version}, n8n-core 2.41.1; load average ${loads(loadAtStart)} at the start, ${loads(os.loadavg())} at the end`,
	);
	console.log(
		`${accounts.toLocaleString('en')} accounts${quick ? ' (--quick)' : ''}, simulator on loopback in this process${latencyMs ? `, ${latencyMs} ms before each answer` : ''}; ` +
			`the trigger asks for ${LIST_PAGE_SIZE} a page, the simulator answers at most the page size below. Max Events per Poll ${DEFAULT_MAX_EVENTS} (default). ` +
			`Median of ${runs} run(s).`,
	);
	console.log(
		`ms: the poll through n8n-core, start to output; sim: the simulator's part of it; own: the rest (transport, trigger, n8n${latencyMs ? ', the added delay' : ''}); ` +
			`slowest: one request, creation to end of body (default Timeout ${DEFAULT_TIMEOUT_MS / 1000} s)\n`,
	);
	const pad = (value, width) => String(value).padStart(width);
	const of = (figures, field) => median(figures.map((figure) => figure[field]));
	console.log(
		`${'event'.padEnd(30)}${'poll'.padEnd(10)}${pageSizes.map((size) => pad(`page size ${size}`, 42)).join('')}${pad('events', 8)}`,
	);
	console.log(
		' '.repeat(40) +
			pageSizes
				.map(() => `${pad('requests', 9)}${pad('ms', 8)}${pad('sim', 8)}${pad('own', 8)}${pad('slowest', 9)}`)
				.join(''),
	);
	let lastEvent;
	for (const [row, figures] of samples) {
		const [event, poll] = row.split('|');
		const label = poll === 'baseline' ? 'baseline' : `${Number(poll).toLocaleString('en')} new`;
		const cells = pageSizes.map((size) => {
			const ms = (field) => pad(of(figures[size], field).toFixed(0), 8);
			return `${pad(of(figures[size], 'requests'), 9)}${ms('ms')}${ms('simulatorMs')}${ms('ownMs')}${pad(of(figures[size], 'slowestMs').toFixed(0), 9)}`;
		});
		console.log(
			`${(event === lastEvent ? '' : event).padEnd(30)}${label.padEnd(10)}${cells.join('')}${pad(figures[pageSizes[0]][0].events, 8)}`,
		);
		lastEvent = event;
	}
	const stateLine = EVENTS.map((event) => `${event} ${stateBytes[event].toLocaleString('en')} B`).join(', ');
	console.log(`\nState kept in the workflow's static data (JSON), largest seen: ${stateLine}.`);
	const fullReads = EVENTS.filter((event) => event === 'accountBlockChange').flatMap((event) =>
		[...samples].filter(([row]) => row.startsWith(`${event}|`)),
	);
	for (const size of pageSizes) {
		const polls = fullReads.flatMap(([, figures]) => figures[size]);
		const slowestPoll = Math.max(...polls.map((figure) => figure.ms));
		const slowestRequest = Math.max(...polls.map((figure) => figure.slowestMs));
		console.log(
			`accountBlockChange, ${accounts.toLocaleString('en')} accounts, page size ${size}: ${polls[0].requests} requests a poll; slowest of its ${polls.length} polls ` +
				`${(slowestPoll / 1000).toFixed(2)} s (${((slowestPoll / POLL_BUDGET_MS) * 100).toFixed(1)}% of n8n's ${POLL_BUDGET_MS / 60_000}-minute poll budget); ` +
				`slowest request ${slowestRequest.toFixed(0)} ms (${((slowestRequest / DEFAULT_TIMEOUT_MS) * 100).toFixed(2)}% of the ${DEFAULT_TIMEOUT_MS / 1000} s Timeout)`,
		);
	}
	if (accounts > MAX_LIST_ENTRIES)
		console.log(
			`(above ${MAX_LIST_ENTRIES.toLocaleString('en')} accounts a full read fails by design: narrow the list with Filters)`,
		);
}

main().catch((error) => {
	console.error(`Benchmark failed: ${error.message}`);
	process.exit(1);
});
