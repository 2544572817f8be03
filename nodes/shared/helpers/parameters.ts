/**
 * Reads node parameters item by item without paying n8n's expression sandbox where it gives
 * nothing back.
 *
 * On n8n 2.x every expression is evaluated in an isolated-vm sandbox, which costs main-thread time
 * on every call: most of this node's own CPU time in bulk (figures: docs/performance.md). Two shortcuts,
 * each giving exactly what `getNodeParameter` would:
 * - a parameter with no expression anywhere in it is the same for every item, so it is read once;
 * - a parameter that is exactly `{{ $json.some.field }}` is read from the item's own JSON when the
 *   field is a string there. Anything else (a number, an object, a missing field) goes through
 *   n8n, so types, coercions and error messages stay n8n's own.
 * Every other parameter is read through `getNodeParameter` for each item.
 */
import type {
	IExecuteFunctions,
	IGetNodeParameterOptions,
	INodeExecutionData,
	NodeParameterValueType,
} from 'n8n-workflow';

/** `={{ $json.a.b }}`: plain property names only, no brackets, calls or operators. */
const JSON_FIELD_EXPRESSION = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;

/** n8n's own test: a parameter value is an expression when it is a string starting with `=`. */
function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(containsExpression);
	return false;
}

/** The value at `path` (names separated by dots) of `root`, own properties only. */
function ownValueAt(root: unknown, path: string[]): unknown {
	let value = root;
	for (const name of path) {
		if (value === null || typeof value !== 'object' || !Object.hasOwn(value, name)) return undefined;
		value = (value as Record<string, unknown>)[name];
	}
	return value;
}

/** One item's value of a node parameter, as `getNodeParameter(name, itemIndex, …)` gives it. */
export type ReadParameter = (
	name: string,
	fallback?: NodeParameterValueType,
	options?: IGetNodeParameterOptions,
) => unknown;

type Reader = (itemIndex: number) => unknown;

export class ParameterReader {
	/** One reader per parameter name, fallback and options, decided on first use. */
	private readonly readers = new Map<string, Reader>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly items: INodeExecutionData[],
	) {}

	/** The parameters of one item. */
	forItem(itemIndex: number): ReadParameter {
		return (name, fallback, options) => this.read(name, itemIndex, fallback, options);
	}

	/** What `getNodeParameter(name, itemIndex, fallback, options)` returns. */
	read(
		name: string,
		itemIndex: number,
		fallback?: NodeParameterValueType,
		options?: IGetNodeParameterOptions,
	): unknown {
		const key = `${name} ${JSON.stringify(fallback) ?? ''} ${options ? JSON.stringify(options) : ''}`;
		let reader = this.readers.get(key);
		if (!reader) {
			reader = this.readerFor(name, fallback, options);
			this.readers.set(key, reader);
		}
		return reader(itemIndex);
	}

	private readerFor(
		name: string,
		fallback: NodeParameterValueType | undefined,
		options: IGetNodeParameterOptions | undefined,
	): Reader {
		const throughN8n: Reader = (itemIndex) => this.context.getNodeParameter(name, itemIndex, fallback, options);
		const raw = ownValueAt(this.context.getNode().parameters, name.split('.'));

		if (!containsExpression(raw)) {
			let constant: { value: unknown } | undefined;
			return (itemIndex) => (constant ??= { value: throughN8n(itemIndex) }).value;
		}

		const field = typeof raw === 'string' ? JSON_FIELD_EXPRESSION.exec(raw) : null;
		if (field) {
			const path = field[1].slice(1).split('.');
			return (itemIndex) => {
				const value = ownValueAt(this.items[itemIndex]?.json, path);
				return typeof value === 'string' ? value : throughN8n(itemIndex);
			};
		}

		return throughN8n;
	}
}
