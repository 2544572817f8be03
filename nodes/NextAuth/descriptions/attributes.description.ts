/** The attributes Set Attributes and Update Attributes send: as a list of fields, or as a JSON object. */
import type { INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from '../../shared/descriptions/display';

const properties = (purpose: string): INodeProperties[] => [
	{
		displayName: 'Attribute Input',
		name: 'attributeInput',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'One key and value per attribute' },
			{
				name: 'JSON',
				value: 'json',
				description: 'A JSON object of key → text value, e.g. from an expression or an AI agent',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Attributes',
		name: 'attributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attribute',
		default: {},
		description: purpose,
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. group',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. ops',
					},
				],
			},
		],
		displayOptions: { show: { attributeInput: ['fields'] } },
	},
	{
		displayName: 'Attributes (JSON)',
		name: 'attributesJson',
		type: 'json',
		default: '{}',
		description: `${purpose}, as a JSON object whose values are all text, e.g. {"group": "ops", "department": "IT"}`,
		displayOptions: { show: { attributeInput: ['json'] } },
	},
];

/** The attribute input of one write operation of `resource`; `purpose` says what the write does with them. */
export const attributesDescription = (operation: string, purpose: string, resource = 'user') =>
	showOnlyFor([operation], properties(purpose), resource);
