// Checks what `npm publish` would upload: `npm publish --dry-run`, then the packed file list must
// hold only package.json, index.js (its main), README.md, LICENSE and dist/ (no tests, no source maps, no .env or keys).
// Exits 1 with the offending files otherwise. Run after `npm run build`.
'use strict';

const { execFileSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const ALLOWED = [
	/^package\.json$/,
	/^index\.js$/,
	/^README\.md$/,
	/^LICENSE$/,
	/^dist\/(credentials|nodes)\/.+\.(js|json|svg|png|d\.ts)$/,
	/^dist\/icons\/[^/]+\.svg$/,
];
const FORBIDDEN = [/\.map$/, /\.test\./, /(^|\/)test\//, /\.env/, /\.(pem|key|p12)$/, /\.ts$(?<!\.d\.ts)/];

execFileSync('npm', ['publish', '--dry-run', '--ignore-scripts'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
const [{ files }] = JSON.parse(
	execFileSync('npm', ['pack', '--dry-run', '--json'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	}),
);
const paths = files.map((file) => file.path);
const wrong = paths.filter(
	(file) => !ALLOWED.some((pattern) => pattern.test(file)) || FORBIDDEN.some((pattern) => pattern.test(file)),
);
for (const required of [
	'package.json',
	'README.md',
	'LICENSE',
	'dist/nodes/NextAuthSessions/NextAuthSessions.node.js',
	'dist/credentials/NextAuthApi.credentials.js',
	// The icon the nodes and the credential point at (file:../../icons/…): without it n8n shows none.
	'dist/icons/nextauth.svg',
	'dist/icons/nextauth.dark.svg',
]) {
	if (!paths.includes(required)) wrong.push(`${required} (missing)`);
}
if (wrong.length > 0) {
	console.error(`The package would publish files it must not (or lacks some):\n  ${wrong.join('\n  ')}`);
	process.exit(1);
}
console.log(
	`npm publish --dry-run: ok; ${paths.length} files, all under dist/ or package.json, index.js, README.md, LICENSE`,
);
