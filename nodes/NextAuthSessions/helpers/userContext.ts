/**
 * Turns the user-context parameters (fields or JSON) into the API's UserContext object,
 * checking every value before anything is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ParameterCheck } from './validation';

type UserContextPart = 'announceinfo' | 'sessioninfo';

/** Editor field name → API field name, per part. */
const FIELD_TO_API = { ip: 'ip', userAgent: 'useragent', logo: 'logo', info: 'info' } as const;
const PART_TO_PARAMETER: Record<UserContextPart, { name: string; label: string }> = {
	announceinfo: { name: 'announceInfo', label: 'Announce Info' },
	sessioninfo: { name: 'sessionInfo', label: 'Session Info' },
};
const API_FIELDS = new Set<string>(Object.values(FIELD_TO_API));

/** Checks one SessionInfo object (API field names) and leaves out empty values. */
function sessionInfo(check: ParameterCheck, label: string, raw: Record<string, unknown>): IDataObject {
	const result: IDataObject = {};
	for (const [field, value] of Object.entries(raw)) {
		if (!API_FIELDS.has(field)) {
			throw check.fail(label, `unknown field "${field}" (allowed: ${[...API_FIELDS].join(', ')})`);
		}
		if (value === undefined || value === null || value === '') continue;
		if (field === 'info') {
			result.info = check.jsonObject(`${label} › Info`, value) as IDataObject;
		} else if (typeof value !== 'string') {
			throw check.fail(`${label} › ${field}`, 'must be text');
		} else {
			result[field] = field === 'logo' ? check.base64(`${label} › Logo`, value) : value;
		}
	}
	return result;
}

function fromFields(this: IExecuteFunctions, itemIndex: number, check: ParameterCheck): IDataObject {
	const context: IDataObject = {};
	for (const [part, { name, label }] of Object.entries(PART_TO_PARAMETER)) {
		const fields = this.getNodeParameter(name, itemIndex, {}) as Record<string, unknown>;
		const apiFields: Record<string, unknown> = {};
		for (const [field, value] of Object.entries(fields)) {
			apiFields[FIELD_TO_API[field as keyof typeof FIELD_TO_API] ?? field] = value;
		}
		const info = sessionInfo(check, label, apiFields);
		if (Object.keys(info).length > 0) context[part] = info;
	}
	return context;
}

function fromJson(this: IExecuteFunctions, itemIndex: number, check: ParameterCheck): IDataObject {
	const label = 'User Context (JSON)';
	const raw = check.jsonObject(label, this.getNodeParameter('userContextJson', itemIndex));
	const context: IDataObject = {};
	for (const [part, value] of Object.entries(raw)) {
		if (!(part in PART_TO_PARAMETER)) {
			throw check.fail(label, `unknown field "${part}" (allowed: announceinfo, sessioninfo)`);
		}
		if (value === undefined || value === null) continue;
		context[part] = sessionInfo(check, `${label} › ${part}`, check.jsonObject(`${label} › ${part}`, value));
	}
	return context;
}

/** The UserContext body for this item, or undefined when none is to be sent. */
export function readUserContext(
	this: IExecuteFunctions,
	itemIndex: number,
	check: ParameterCheck,
): IDataObject | undefined {
	if (!this.getNodeParameter('sendUserContext', itemIndex, false)) return undefined;
	const input = this.getNodeParameter('userContextInput', itemIndex, 'fields') as string;
	return input === 'json'
		? fromJson.call(this, itemIndex, check)
		: fromFields.call(this, itemIndex, check);
}
