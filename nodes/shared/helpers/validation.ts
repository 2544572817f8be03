/**
 * Checks on parameter values, run before any request is sent. Each failure names the parameter
 * as the editor shows it, so the user knows which field to fix.
 */
import { NodeOperationError, type INode } from 'n8n-workflow';

import { quote } from '../transport/errors';
import { CONTROL_CHARACTERS, pathSegmentProblem, PRINTABLE_ASCII, UNPAIRED_SURROGATE } from '../transport/wire';

export const MAX_QR_SIZE = 2000;

/** A text the nextAuth app shows (user context fields, an approval's texts): keeps a runaway expression from sending megabytes. */
export const MAX_SHOWN_TEXT_LENGTH = 4096;

const UNPAIRED_SURROGATES = 'must not contain unpaired surrogate characters';

/** Base64 characters with at most two `=` at the end; the length is checked apart (linear, no backtracking). */
const BASE64_CHARACTERS = /^[A-Za-z0-9+/]*={0,2}$/;

export interface NumberRange {
	min: number;
	max: number;
	/** Whole numbers only. */
	whole?: boolean;
	/** Said after the range, e.g. "ms". */
	unit?: string;
}

export interface JsonLimits {
	/** Levels of objects and arrays, the outermost object counted as 1. */
	maxDepth: number;
	/** Characters of the value written as JSON. */
	maxLength: number;
}

/** `attribute=value` or `attribute=in:a,b`: the attribute is a plain name. */
const ATTRIBUTE_FILTER = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** A number, or numeric text from an expression, as a number; anything else unchanged. */
const asNumber = (value: unknown) => (typeof value === 'string' && value.trim() ? Number(value) : value);

export class ParameterCheck {
	constructor(
		private readonly node: INode,
		private readonly itemIndex: number,
	) {}

	fail(parameter: string, problem: string, description?: string): NodeOperationError {
		return new NodeOperationError(this.node, `${parameter}: ${problem}`, {
			itemIndex: this.itemIndex,
			description,
		});
	}

	/** true or false; an expression's text "true" or "false" is taken as the same. */
	boolean(parameter: string, value: unknown): boolean {
		if (value === 'true' || value === 'false') return value === 'true';
		if (typeof value !== 'boolean') throw this.fail(parameter, `must be true or false, got ${quote(String(value))}`);
		return value;
	}

	/** A non-empty string (or number) without line breaks or other control characters; returned trimmed. */
	text(parameter: string, value: unknown): string {
		if (typeof value !== 'string' && typeof value !== 'number') {
			throw this.fail(parameter, 'is required');
		}
		const text = String(value).trim();
		if (!text) throw this.fail(parameter, 'is required');
		if (CONTROL_CHARACTERS.test(text)) {
			throw this.fail(parameter, 'must not contain line breaks or other control characters');
		}
		// A query would carry U+FFFD instead, silently; a header or path cannot carry it at all.
		if (UNPAIRED_SURROGATE.test(text)) throw this.fail(parameter, UNPAIRED_SURROGATES);
		return text;
	}

	/** The API's attribute filter, `attribute=value` or `attribute=in:a,b`: text() that starts with a plain attribute name. */
	attributeFilter(parameter: string, value: unknown): string {
		const text = this.text(parameter, value);
		if (!ATTRIBUTE_FILTER.test(text)) {
			throw this.fail(parameter, `must look like attribute=value or attribute=in:a,b, got ${quote(text)}`);
		}
		return text;
	}

	/** `text` itself when it has at most `maxLength` characters. */
	atMost(parameter: string, text: string, maxLength: number): string {
		if (text.length > maxLength) throw this.fail(parameter, `must be at most ${maxLength} characters`);
		return text;
	}

	/** text() that can travel as an HTTP header value, which allows printable ASCII only. */
	headerValue(parameter: string, value: unknown): string {
		const text = this.text(parameter, value);
		if (!PRINTABLE_ASCII.test(text)) {
			throw this.fail(parameter, 'must be plain ASCII text: HTTP headers cannot carry other characters');
		}
		return text;
	}

	/**
	 * An id used as one path segment: not empty, not `.` or `..` (servers resolve those), and
	 * without unpaired surrogates (no URL can carry them).
	 */
	pathId(parameter: string, value: unknown): string {
		const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
		if (!text.trim()) throw this.fail(parameter, 'is required');
		const problem = pathSegmentProblem(text);
		if (problem) throw this.fail(parameter, problem);
		return text;
	}

	nonNegativeInteger(parameter: string, value: unknown): number {
		const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
		if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
			throw this.fail(parameter, `must be a whole number of 0 or more, got ${quote(String(value))}`);
		}
		return Number(text);
	}

	/** A number (or numeric text) from `min` to `max`; expressions pass the editor's limits, this does not. */
	numberInRange(parameter: string, value: unknown, range: NumberRange): number {
		const number = asNumber(value);
		const valid =
			typeof number === 'number' &&
			Number.isFinite(number) &&
			number >= range.min &&
			number <= range.max &&
			(!range.whole || Number.isInteger(number));
		if (!valid) {
			const kind = range.whole ? 'a whole number' : 'a number';
			const unit = range.unit ? ` ${range.unit}` : '';
			throw this.fail(
				parameter,
				`must be ${kind} from ${range.min} to ${range.max}${unit}, got ${quote(String(value))}`,
			);
		}
		return number;
	}

	qrSize(parameter: string, value: unknown): number {
		const size = asNumber(value);
		if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_QR_SIZE) {
			throw this.fail(parameter, `must be a whole number of pixels from 1 to ${MAX_QR_SIZE}`);
		}
		return size;
	}

	/** Base64 data of at most `maxBytes` bytes once decoded; returned without whitespace. */
	base64(parameter: string, value: string, maxBytes: number): string {
		// Checked before any copy is made: 4 base64 characters carry 3 bytes.
		if (value.length > (maxBytes / 3) * 4 * 1.1 + 1024)
			throw this.fail(parameter, `must be at most ${kilobytes(maxBytes)} KB`);
		const compact = value.replace(/\s+/g, '');
		if (!compact || compact.length % 4 !== 0 || !BASE64_CHARACTERS.test(compact)) {
			throw this.fail(parameter, 'must be base64-encoded data');
		}
		const bytes = (compact.length / 4) * 3 - (compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0);
		if (bytes > maxBytes)
			throw this.fail(parameter, `must be at most ${kilobytes(maxBytes)} KB, got ${kilobytes(bytes)} KB`);
		return compact;
	}

	/** A JSON object, given as an object (from an expression) or as JSON text. */
	jsonObject(parameter: string, value: unknown, limits?: JsonLimits): Record<string, unknown> {
		let parsed = value;
		if (typeof value === 'string') {
			if (limits && value.length > limits.maxLength) throw this.tooLong(parameter, limits);
			try {
				parsed = JSON.parse(value);
			} catch (error) {
				throw this.fail(parameter, 'is not valid JSON', (error as Error).message);
			}
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw this.fail(parameter, 'must be a JSON object, e.g. {"key": "value"}');
		}
		if (limits) this.checkJsonSize(parameter, parsed, limits);
		return parsed as Record<string, unknown>;
	}

	private tooLong(parameter: string, limits: JsonLimits): NodeOperationError {
		return this.fail(parameter, `must be at most ${limits.maxLength} characters as JSON`);
	}

	/**
	 * Depth and size without recursion, so that an object nested 100,000 levels deep is refused
	 * with the field's name instead of overflowing the stack. Stops as soon as a limit is passed.
	 */
	private checkJsonSize(parameter: string, root: object, limits: JsonLimits): void {
		const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 1 }];
		let length = 0;
		while (stack.length > 0) {
			const { value, depth } = stack.pop()!;
			if (value !== null && typeof value === 'object') {
				if (depth > limits.maxDepth) {
					throw this.fail(parameter, `must not be nested more than ${limits.maxDepth} levels deep`);
				}
				for (const [key, child] of Object.entries(value)) {
					length += key.length + 4;
					stack.push({ value: child, depth: depth + 1 });
				}
				length += 2;
			} else {
				length += typeof value === 'string' ? value.length + 2 : String(value).length;
			}
			if (length > limits.maxLength) throw this.tooLong(parameter, limits);
		}
	}
}

function kilobytes(bytes: number): number {
	return Math.ceil(bytes / 1024);
}
