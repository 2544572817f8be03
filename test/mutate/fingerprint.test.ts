/**
 * The fingerprint CI's mutation testing compares (scripts/mutate-changed.js): the same for a file
 * only reformatted, recommented or with its imports sorted; different for any change to what runs
 * or to what Stryker counts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { fingerprint } from './fingerprint';

const SOURCE = `import { b } from './b';
import { a, type A } from './a';

/** Why f exists. */
export function f(x: number, y: A = [1, 2]): string {
	// the reason for the template
	return \`a \${x} b c\` + /a b/.source + String(y); // a trailing remark
}

export const g = (value: unknown) => (typeof value === 'string' ? value : b(a(value)));
`;

const REFORMATTED = `import { a, type A } from './a';
import { b } from './b';

export function f(
  x: number,
  y: A = [
    1,
    2,
  ],
): string {
  return \`a \${x} b c\` + /a b/.source + String(y);
}

/* a block comment, reworded */
export const g = (value: unknown) =>
  typeof value === 'string'
    ? value
    : b(
        a(value),
      );
`;

describe('the mutation fingerprint', () => {
	it('stays the same when only the layout, the comments, trailing commas or the import order change', () => {
		expect(fingerprint(REFORMATTED)).toBe(fingerprint(SOURCE));
		expect(fingerprint(SOURCE.replace(/'/g, '"'))).toBe(fingerprint(SOURCE));
		// Imports of one module grouped differently (what the import sorter does).
		expect(
			fingerprint(
				SOURCE.replace("import { a, type A } from './a';", "import type { A } from './a';\nimport { a } from './a';"),
			),
		).toBe(fingerprint(SOURCE));
	});

	it.each([
		['a string', SOURCE.replace("'string'", "'number'")],
		['an operator', SOURCE.replace("=== 'string'", "!== 'string'")],
		['a number', SOURCE.replace('[1, 2]', '[1, 3]')],
		['the text of a template literal', SOURCE.replace('b c`', 'bc`')],
		['a space in a regular expression', SOURCE.replace('/a b/', '/ab/')],
		['an argument', SOURCE.replace('b(a(value))', 'b(a(value), 1)')],
		['an imported name', SOURCE.replace("import { b } from './b';", "import { b, c } from './b';")],
		['an import added', `import './polyfill';\n${SOURCE}`],
		['an import renamed', SOURCE.replace("import { b } from './b';", "import { b as c } from './b';")],
		['a type import made a value import', SOURCE.replace('type A }', 'A }')],
		[
			'a Stryker directive added',
			SOURCE.replace('\treturn', '\t// Stryker disable next-line StringLiteral: x\n\treturn'),
		],
		[
			'the parentheses of an expression',
			SOURCE.replace('String(y)', 'String(y) + 1').replace(
				'+ /a b/.source + String(y) + 1',
				'+ (/a b/.source + String(y) + 1)',
			),
		],
	])('changes with %s', (_, changed) => {
		expect(changed).not.toBe(SOURCE);
		expect(fingerprint(changed)).not.toBe(fingerprint(SOURCE));
	});

	it('tells apart a Stryker directive on one line from the same directive on another', () => {
		const directive = '// Stryker disable next-line all: x\n';
		const onReturn = SOURCE.replace('\treturn', `\t${directive}\treturn`);
		const onG = SOURCE.replace('export const g', `${directive}export const g`);
		expect(fingerprint(onReturn)).not.toBe(fingerprint(onG));
		// Rewrapped, the line after a next-line directive may hold other code: it is no longer the same.
		const rewrapped = onReturn.replace('\treturn `', '\treturn (\n\t\t`').replace('String(y);', 'String(y)\n\t);');
		expect(fingerprint(rewrapped)).not.toBe(fingerprint(onReturn));
	});

	it('reads the package sources as TypeScript (a mutated file of the transport)', () => {
		const file = path.resolve(__dirname, '../../nodes/shared/transport/json.ts');
		const source = readFileSync(file, 'utf8');
		expect(fingerprint(source)).toMatch(/^[0-9a-f]{64}$/);
		expect(fingerprint(source.replace(/\n\t/g, '\n    '))).toBe(fingerprint(source));
		expect(fingerprint(source.replace('0x2e', '0x2f'))).not.toBe(fingerprint(source));
	});
});
