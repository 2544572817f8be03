// node test/simulator [--port 8787] [--host 127.0.0.1] [--latency 0] [--shuffle-ties seed] [--page-size 100]
// --shuffle-ties: accounts with equal sort keys in a random order on every request (seeded), as a
// database may answer; --page-size: the most entries a list page holds, whatever `limit` asks.
'use strict';

const { NextAuthSimulator } = require('./server');
const { SERVER_ID, KEYS, ROLES, LOGGED_IN_NONCE } = require('./fixture');

function parseArgs(argv) {
	const options = { port: 8787, host: '127.0.0.1', latency: 0, shuffleTies: undefined, pageSize: 100 };
	for (let i = 0; i < argv.length; i++) {
		const name = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
		if (name === 'help' || name === 'h') options.help = true;
		else if (name in options) options[name] = name === 'host' ? argv[++i] : Number(argv[++i]);
		else throw new Error(`unknown option ${argv[i]} (try --help)`);
	}
	return options;
}

async function main(argv) {
	const options = parseArgs(argv);
	if (options.help) {
		console.log(
			'usage: node test/simulator [--port 8787] [--host 127.0.0.1] [--latency ms] [--shuffle-ties seed] [--page-size n]',
		);
		return;
	}
	const simulator = new NextAuthSimulator({ latencyMs: options.latency, maxPageSize: options.pageSize });
	simulator.shuffleTies = options.shuffleTies;
	const baseUrl = await simulator.start({ port: options.port, host: options.host });
	console.log(`nextAuth simulator listening on ${baseUrl}`);
	console.log(`  server id:        ${SERVER_ID}`);
	console.log(
		`  api keys:         ${Object.entries(KEYS)
			.map(([k, v]) => `${v} (${k})`)
			.join(', ')}`,
	);
	console.log(`  roles (X-su):     ${Object.values(ROLES).join(', ')} — with ${KEYS.root}`);
	console.log(`  logged-in nonce:  ${LOGGED_IN_NONCE}`);
	const stop = async () => {
		await simulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

module.exports = { main, parseArgs };

if (require.main === module) {
	main(process.argv.slice(2)).catch((error) => {
		console.error(error.message);
		process.exit(1);
	});
}
