/**
 * Every relative link of the documentation resolves: the file exists and, when the link names a
 * heading (`#…`), the file has that heading (GitHub's anchors: lower case, punctuation dropped,
 * spaces as hyphens). Links to the web are not followed (CI has no network but the registries).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DOCS = [
	'README.md',
	'CONTRIBUTING.md',
	'CHANGELOG.md',
	...readdirSync(path.join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`),
];

/** GitHub's anchor for a heading's text. */
function anchorOf(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[`*_]/g, '')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/[^\p{L}\p{N}\s-]/gu, '')
		.replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
	const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const [, heading] of text.matchAll(/^#{1,6}\s+(.*)$/gm)) {
		const anchor = anchorOf(heading);
		const count = seen.get(anchor) ?? 0;
		anchors.add(count === 0 ? anchor : `${anchor}-${count}`);
		seen.set(anchor, count + 1);
	}
	return anchors;
}

/** The relative links of a Markdown file (inline links and HTML src/href), outside code blocks. */
function linksOf(file: string): string[] {
	const text = readFileSync(path.join(ROOT, file), 'utf8')
		.replace(/```[\s\S]*?```/g, '')
		.replace(/`[^`\n]*`/g, '');
	const links = [...text.matchAll(/\]\(([^)\s]+)\)/g), ...text.matchAll(/(?:src|href)="([^"]+)"/g)].map(
		(match) => match[1],
	);
	return links.filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link));
}

describe('the documentation', () => {
	it('has its files and finds links in them', () => {
		expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/performance.md']));
		expect(linksOf('README.md').length).toBeGreaterThan(5);
		expect(anchorOf('Why undici, and the one scan exception')).toBe('why-undici-and-the-one-scan-exception');
		expect(anchorOf('The `nextAuthApi` credential (n8n 2.x)')).toBe('the-nextauthapi-credential-n8n-2x');
	});

	it.each(DOCS)('%s: every relative link resolves to a file and a heading', (file) => {
		const broken = linksOf(file).filter((link) => {
			const [target, anchor] = link.split('#');
			const resolved = target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
			if (!existsSync(path.join(ROOT, resolved))) return true;
			return anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor);
		});
		expect(broken).toEqual([]);
	});
});
