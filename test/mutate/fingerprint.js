// What a mutation score depends on in a source file, as a SHA-256: its syntax tree as TypeScript's
// parser reads it (the kind of each node, the text of each name, literal and operator), without
// the layout, the comments, brackets and commas whose place the tree already holds (trailing
// commas, redundant parentheses), the quotes of a string or how the imports are grouped and ordered. Stryker's
// directives count, each with the code of the line it applies to. So a file a formatter rewrapped,
// whose comments were reworded or whose imports were sorted keeps its fingerprint and its measured
// score (scripts/mutate-changed.js); any change to what runs, or to what Stryker counts, gives
// another.
'use strict';

const crypto = require('node:crypto');
const ts = require('typescript');

const STRYKER_DIRECTIVE = /^\/[/*]\s*Stryker\s+(?:disable|restore)\b/;
/** Tokens whose meaning is the node they belong to: the tree says the same without them. */
const STRUCTURE = new Set([
	ts.SyntaxKind.OpenBraceToken,
	ts.SyntaxKind.CloseBraceToken,
	ts.SyntaxKind.OpenParenToken,
	ts.SyntaxKind.CloseParenToken,
	ts.SyntaxKind.OpenBracketToken,
	ts.SyntaxKind.CloseBracketToken,
	ts.SyntaxKind.CommaToken,
	ts.SyntaxKind.SemicolonToken,
]);
const isJsDoc = (node) => node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode;

/** A leaf's text: a string's value rather than its spelling (quotes, escapes). */
function leafText(node) {
	if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
		return `${ts.SyntaxKind[node.kind]}:${JSON.stringify(node.text)}`;
	}
	return node.getText();
}

/**
 * `node` as nested text: "(Kind child child …)", leaves as their text; a parenthesized expression
 * is its expression. Stryker directives met on the way are collected with their line.
 */
function serialize(node, sourceFile, context) {
	if (isJsDoc(node)) return '';
	const children = node.getChildren(sourceFile);
	if (children.length === 0) {
		for (const range of ts.getLeadingCommentRanges(sourceFile.text, node.pos) ?? []) {
			const comment = sourceFile.text.slice(range.pos, range.end).trim();
			if (STRYKER_DIRECTIVE.test(comment))
				context.directives.push({
					comment,
					line: sourceFile.getLineAndCharacterOfPosition(range.pos).line,
				});
		}
		if (node.kind === ts.SyntaxKind.EndOfFileToken || STRUCTURE.has(node.kind)) return '';
		const text = leafText(node);
		const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
		context.lines.set(line, [...(context.lines.get(line) ?? []), text]);
		return text;
	}
	const inner = children
		.map((child) => serialize(child, sourceFile, context))
		.filter(Boolean)
		.join(' ');
	if (ts.isParenthesizedExpression(node)) return inner;
	return `(${ts.SyntaxKind[node.kind]} ${inner})`;
}

/**
 * What an import declaration brings in, one entry per name: the module, whether it is only a type
 * (erased from what runs), the name imported and the local name. How the names are grouped into
 * declarations, and in which order, changes nothing.
 */
function importEntries(statement) {
	const module = statement.moduleSpecifier.text;
	const clause = statement.importClause;
	if (!clause) return [`${module} (for its effect)`];
	const typeOnly = (node) => (clause.isTypeOnly || node?.isTypeOnly ? 'type ' : '');
	const entries = [];
	if (clause.name) entries.push(`${module} ${typeOnly()}default as ${clause.name.text}`);
	const bindings = clause.namedBindings;
	if (bindings && ts.isNamespaceImport(bindings)) entries.push(`${module} ${typeOnly()}* as ${bindings.name.text}`);
	if (bindings && ts.isNamedImports(bindings)) {
		for (const element of bindings.elements) {
			const imported = (element.propertyName ?? element.name).text;
			entries.push(`${module} ${typeOnly(element)}${imported} as ${element.name.text}`);
		}
	}
	return entries;
}

/** What the fingerprint is taken of, as text: compare two to see why two fingerprints differ. */
function normalize(text, fileName = 'source.ts') {
	const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
	const context = { directives: [], lines: new Map() };
	const imports = [];
	const rest = [];
	for (const statement of sourceFile.statements) {
		if (ts.isImportDeclaration(statement)) {
			// Serialized too, for the Stryker directives it may carry; its text is the entries.
			serialize(statement, sourceFile, context);
			imports.push(...importEntries(statement));
		} else {
			rest.push(serialize(statement, sourceFile, context));
		}
	}
	serialize(sourceFile.endOfFileToken, sourceFile, context);
	// A directive applies to the next line (next-line) or from where it stands: it is kept with
	// the code of that line, so a directive that comes to stand before other code changes the print.
	const directives = context.directives.map(
		({ comment, line }) => `${comment} @ ${(context.lines.get(line + 1) ?? []).join(' ')}`,
	);
	return [...imports.sort(), ...rest, ...directives].join('\n');
}

/** The fingerprint of a TypeScript source text (see above). */
function fingerprint(text, fileName = 'source.ts') {
	return crypto.createHash('sha256').update(normalize(text, fileName)).digest('hex');
}

module.exports = { fingerprint, normalize };
