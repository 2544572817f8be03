/**
 * The import graph of nodes/ and credentials/: nodes stand on nodes/shared and never on each
 * other, and inside nodes/shared nothing imports from a layer above it (transport, then
 * descriptions, then helpers, then actions and methods). Read from the sources with TypeScript's
 * own import scanner, type-only imports included: a type is a dependency too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** The layers of nodes/shared, lowest first; a file may import from its own layer and those below. */
const SHARED_LAYERS = [['transport'], ['descriptions'], ['helpers'], ['actions', 'methods']];

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.posix.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(relative);
		return entry.name.endsWith('.ts') ? [relative] : [];
	});
}

/** The repository paths (without extension) a file imports from within the repository. */
function localImports(file: string): string[] {
	const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, true);
	return importedFiles
		.map(({ fileName }) => fileName)
		.filter((name) => name.startsWith('.'))
		.map((name) => path.posix.normalize(path.posix.join(path.posix.dirname(file), name)));
}

/** Where a path sits: the node folder (or 'shared', 'credentials') and, in nodes/shared, its layer's rank. */
function placeOf(file: string): { owner: string; rank?: number } {
	const [top, owner, folder] = file.split('/');
	if (top === 'credentials') return { owner: 'credentials' };
	if (owner !== 'shared') return { owner };
	const rank = SHARED_LAYERS.findIndex((layer) => layer.includes(folder));
	return { owner, rank: rank === -1 ? undefined : rank };
}

/** Whether `file` importing `imported` breaks the rules above. */
function isWrongImport(file: string, imported: string): boolean {
	const from = placeOf(file);
	const to = placeOf(imported);
	if (to.owner === 'credentials') return from.owner !== 'credentials';
	if (from.owner === 'credentials') return to.owner !== 'shared' || to.rank !== 0;
	if (to.owner !== 'shared') return to.owner !== from.owner;
	if (from.owner !== 'shared') return false;
	return from.rank === undefined || to.rank === undefined || to.rank > from.rank;
}

describe('the import graph', () => {
	const files = [...sourceFiles('nodes'), ...sourceFiles('credentials')];

	it('reads every source file and finds imports in it', () => {
		expect(files.length).toBeGreaterThan(50);
		expect(localImports('nodes/shared/actions/runItems.ts')).toEqual(
			expect.arrayContaining([
				'nodes/shared/transport',
				'nodes/shared/helpers/interfaces',
				'nodes/shared/actions/item',
			]),
		);
	});

	it('has no import running up a layer of nodes/shared, across nodes, or from nodes/shared into a node', () => {
		const wrong = files.flatMap((file) =>
			localImports(file)
				.filter((imported) => isWrongImport(file, imported))
				.map((imported) => `${file} -> ${imported}`),
		);
		expect(wrong).toEqual([]);
	});

	it.each([
		['a helper importing an action', 'nodes/shared/helpers/ids.ts', 'nodes/shared/actions/item'],
		['the transport importing a helper', 'nodes/shared/transport/json.ts', 'nodes/shared/helpers/parameters'],
		['nodes/shared importing a node', 'nodes/shared/helpers/lists.ts', 'nodes/NextAuth/helpers/list'],
		['a node importing another node', 'nodes/NextAuth/helpers/list.ts', 'nodes/NextAuthSessions/helpers/wait'],
		[
			'the credential importing above the transport',
			'credentials/NextAuthApi.credentials.ts',
			'nodes/shared/helpers/parameters',
		],
		['a node importing the credential', 'nodes/NextAuth/NextAuth.node.ts', 'credentials/NextAuthApi.credentials'],
	])('refuses %s', (_, file, imported) => {
		expect(isWrongImport(file, imported)).toBe(true);
	});

	it.each([
		['an action importing a helper', 'nodes/shared/actions/runItems.ts', 'nodes/shared/helpers/interfaces'],
		['a node importing nodes/shared', 'nodes/NextAuth/helpers/list.ts', 'nodes/shared/helpers/interfaces'],
		['a node importing its own files', 'nodes/NextAuth/NextAuth.node.ts', 'nodes/NextAuth/actions/router'],
		[
			'the credential importing the transport',
			'credentials/NextAuthApi.credentials.ts',
			'nodes/shared/transport/errors',
		],
	])('allows %s', (_, file, imported) => {
		expect(isWrongImport(file, imported)).toBe(false);
	});
});
