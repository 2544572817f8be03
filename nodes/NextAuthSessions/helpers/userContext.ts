/**
 * Turns the user-context parameters (fields or JSON) into the API's UserContext object,
 * checking every value before anything is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ReadParameter } from '../../shared/helpers/parameters';
import { MAX_SHOWN_TEXT_LENGTH, type JsonLimits, type ParameterCheck } from '../../shared/helpers/validation';

/** A logo is shown next to the login request in the app: half a megabyte is far more than one needs. */
export const MAX_LOGO_BYTES = 512 * 1024;
/** Info is shown as key/value lines in the app. */
export const INFO_LIMITS: JsonLimits = { maxDepth: 32, maxLength: 64 * 1024 };
/**
 * The whole User Context (JSON): two parts, each with at most one logo, one info, and an IP
 * address and a user agent of MAX_SHOWN_TEXT_LENGTH each.
 */
const USER_CONTEXT_LIMITS: JsonLimits = {
	maxDepth: INFO_LIMITS.maxDepth + 2,
	maxLength: 2 * (Math.ceil(MAX_LOGO_BYTES / 3) * 4 + INFO_LIMITS.maxLength + 2 * MAX_SHOWN_TEXT_LENGTH) + 1024,
};

type UserContextPart = 'announceinfo' | 'sessioninfo';

/** Editor field name → API field name, per part. */
const FIELD_TO_API = { ip: 'ip', userAgent: 'useragent', logo: 'logo', info: 'info' } as const;
const PART_TO_PARAMETER: Record<UserContextPart, { name: string; label: string }> = {
	announceinfo: { name: 'announceInfo', label: 'Announce Info' },
	sessioninfo: { name: 'sessionInfo', label: 'Session Info' },
};
const API_FIELDS = new Set<string>(Object.values(FIELD_TO_API));

/** Checks one SessionInfo object (API field names) and leaves out empty values. */
function sessionInfo(
	check: ParameterCheck,
	label: string,
	raw: Record<string, unknown> | Array<[string, unknown]>,
): IDataObject {
	const result: IDataObject = {};
	for (const [field, value] of Array.isArray(raw) ? raw : Object.entries(raw)) {
		if (!API_FIELDS.has(field)) {
			throw check.fail(label, `unknown field "${field}" (allowed: ${[...API_FIELDS].join(', ')})`);
		}
		if (value === undefined || value === null || value === '') continue;
		if (field === 'info') {
			result.info = check.jsonObject(`${label} › Info`, value, INFO_LIMITS) as IDataObject;
		} else if (typeof value !== 'string') {
			throw check.fail(`${label} › ${field}`, 'must be text');
		} else if (field === 'logo') {
			result.logo = check.base64(`${label} › Logo`, value, MAX_LOGO_BYTES);
		} else {
			result[field] = check.atMost(`${label} › ${field}`, value, MAX_SHOWN_TEXT_LENGTH);
		}
	}
	return result;
}

function fromFields(parameter: ReadParameter, check: ParameterCheck): IDataObject {
	const context: IDataObject = {};
	for (const [part, { name, label }] of Object.entries(PART_TO_PARAMETER)) {
		const fields = parameter(name, {}) as Record<string, unknown>;
		// Entries, not an object: a field named `__proto__` must reach the check, not set a prototype.
		const apiFields = Object.entries(fields).map(([field, value]): [string, unknown] => [
			Object.hasOwn(FIELD_TO_API, field) ? FIELD_TO_API[field as keyof typeof FIELD_TO_API] : field,
			value,
		]);
		const info = sessionInfo(check, label, apiFields);
		if (Object.keys(info).length > 0) context[part] = info;
	}
	return context;
}

function fromJson(parameter: ReadParameter, check: ParameterCheck): IDataObject {
	const label = 'User Context (JSON)';
	const raw = check.jsonObject(label, parameter('userContextJson'), USER_CONTEXT_LIMITS);
	const context: IDataObject = {};
	for (const [part, value] of Object.entries(raw)) {
		// Own properties only: `in` also finds what every object inherits (`constructor`, `__proto__`…).
		if (!Object.hasOwn(PART_TO_PARAMETER, part)) {
			throw check.fail(label, `unknown field "${part}" (allowed: announceinfo, sessioninfo)`);
		}
		if (value === undefined || value === null) continue;
		context[part] = sessionInfo(check, `${label} › ${part}`, check.jsonObject(`${label} › ${part}`, value));
	}
	return context;
}

/** The UserContext body for this item, or undefined when none is to be sent. */
export function readUserContext(parameter: ReadParameter, check: ParameterCheck): IDataObject | undefined {
	if (!parameter('sendUserContext', false)) return undefined;
	const input = parameter('userContextInput', 'fields') as string;
	return input === 'json' ? fromJson(parameter, check) : fromFields(parameter, check);
}
