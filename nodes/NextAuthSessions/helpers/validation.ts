/**
 * Checks on parameter values, run before any request is sent. Each failure names the parameter
 * as the editor shows it, so the user knows which field to fix.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CONTROL_CHARACTERS } from '../transport';

export const MAX_QR_SIZE = 2000;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

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

	/** An id used as one path segment: not empty, and not `.` or `..` (servers resolve those). */
	pathId(parameter: string, value: unknown): string {
		const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
		if (!text.trim()) throw this.fail(parameter, 'is required');
		if (text === '.' || text === '..') throw this.fail(parameter, `"${text}" is not a valid ID`);
		return text;
	}

	nonNegativeInteger(parameter: string, value: unknown): number {
		const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
		if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
			throw this.fail(parameter, `must be a whole number of 0 or more, got "${String(value)}"`);
		}
		return Number(text);
	}

	qrSize(parameter: string, value: unknown): number {
		const size = asNumber(value);
		if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_QR_SIZE) {
			throw this.fail(parameter, `must be a whole number of pixels from 1 to ${MAX_QR_SIZE}`);
		}
		return size;
	}

	positiveNumber(parameter: string, value: unknown): number {
		const number = asNumber(value);
		if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
			throw this.fail(parameter, `must be a number greater than 0, got "${String(value)}"`);
		}
		return number;
	}

	base64(parameter: string, value: string): string {
		const compact = value.replace(/\s+/g, '');
		if (!compact || !BASE64.test(compact)) throw this.fail(parameter, 'must be base64-encoded data');
		return compact;
	}

	/** A JSON object, given as an object (from an expression) or as JSON text. */
	jsonObject(parameter: string, value: unknown): Record<string, unknown> {
		let parsed = value;
		if (typeof value === 'string') {
			try {
				parsed = JSON.parse(value);
			} catch (error) {
				throw this.fail(parameter, 'is not valid JSON', (error as Error).message);
			}
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw this.fail(parameter, 'must be a JSON object, e.g. {"key": "value"}');
		}
		return parsed as Record<string, unknown>;
	}
}
