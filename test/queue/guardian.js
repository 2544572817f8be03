// Started detached by cluster.js: when the process that started the cluster is gone (Ctrl-C, a
// crash, a killed CI job) before it stopped the cluster, kills the process groups listed in the
// run's `processes` file and removes the run's folder. Jest gives test code no reliable exit or
// signal handlers of its own, hence a watcher outside it.
'use strict';

const { existsSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

const [parentPid, root] = process.argv.slice(2);

function parentAlive() {
	try {
		process.kill(Number(parentPid), 0);
		return true;
	} catch {
		return false;
	}
}

setInterval(() => {
	if (parentAlive()) return;
	const list = path.join(root, 'processes');
	const groups = existsSync(list) ? readFileSync(list, 'utf8').split('\n').filter(Boolean).map(Number) : [];
	for (const group of groups) {
		try {
			process.kill(-group, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	rmSync(root, { recursive: true, force: true });
	process.exit(0);
}, 500);
