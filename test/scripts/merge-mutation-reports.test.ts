/** Reports of runs made a part at a time become one (scripts/merge-mutation-reports.js). */
import { merge } from '../../scripts/merge-mutation-reports';

const mutant = (line: number, mutatorName: string, status: string, replacement = 'x') => ({
	id: String(line),
	mutatorName,
	replacement,
	status,
	location: { start: { line, column: 1 }, end: { line, column: 5 } },
});
const report = (files: Record<string, { source: string; mutants: ReturnType<typeof mutant>[] }>) => ({
	schemaVersion: '1',
	thresholds: { high: 95, low: 90 },
	files,
});

describe('merging mutation reports', () => {
	it("keeps the first report's results, replaced by a later report's for the same mutant, and adds new ones", () => {
		const first = report({
			'a.ts': { source: 'A', mutants: [mutant(1, 'StringLiteral', 'Survived'), mutant(2, 'BooleanLiteral', 'Killed')] },
		});
		const later = report({
			'a.ts': { source: 'A', mutants: [mutant(1, 'StringLiteral', 'Killed'), mutant(3, 'Regex', 'Survived')] },
			'b.ts': { source: 'B', mutants: [mutant(1, 'StringLiteral', 'Killed')] },
		});
		const merged = merge([first, later]);
		expect(
			merged.files['a.ts'].mutants.map((m: { location: { start: { line: number } }; status: string }) => [
				m.location.start.line,
				m.status,
			]),
		).toEqual([
			[1, 'Killed'],
			[2, 'Killed'],
			[3, 'Survived'],
		]);
		expect(Object.keys(merged.files)).toEqual(['a.ts', 'b.ts']);
		// The inputs are left as they were.
		expect(first.files['a.ts'].mutants[0].status).toBe('Survived');
	});

	it('tells mutants apart by mutator and replacement on the same place', () => {
		const first = report({ 'a.ts': { source: 'A', mutants: [mutant(1, 'StringLiteral', 'Survived', '""')] } });
		const later = report({ 'a.ts': { source: 'A', mutants: [mutant(1, 'StringLiteral', 'Killed', '"x"')] } });
		expect(merge([first, later]).files['a.ts'].mutants.map((m: { status: string }) => m.status)).toEqual([
			'Survived',
			'Killed',
		]);
	});

	it('refuses reports of different sources of a file', () => {
		const first = report({ 'a.ts': { source: 'A', mutants: [] } });
		const later = report({ 'a.ts': { source: 'A changed', mutants: [] } });
		expect(() => merge([first, later])).toThrow('a.ts: the reports were made of different sources');
	});
});
