/**
 * The Account and User pickers: From List (searched through the API) or By ID. Both nodes use
 * them under the same parameter names, `accountId` and `userId`.
 */
import type { INodeProperties, INodePropertyModeValidation } from 'n8n-workflow';

interface Picker {
	displayName: string;
	name: string;
	searchListMethod: string;
	listPlaceholder: string;
	idPlaceholder: string;
	idValidation?: INodePropertyModeValidation[];
}

function picker(spec: Picker, description: string): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: spec.listPlaceholder,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: spec.idPlaceholder,
				...(spec.idValidation && { validation: spec.idValidation }),
			},
		],
	};
}

const ACCOUNT: Picker = {
	displayName: 'Account',
	name: 'accountId',
	searchListMethod: 'searchAccounts',
	listPlaceholder: 'Select an account...',
	idPlaceholder: 'e.g. 42',
	idValidation: [
		{
			type: 'regex',
			properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'Not a valid account ID: use a whole number such as 42' },
		},
	],
};

const USER: Picker = {
	displayName: 'User',
	name: 'userId',
	searchListMethod: 'searchUsers',
	listPlaceholder: 'Select a user...',
	idPlaceholder: 'e.g. alice',
};

export const accountLocator = (description: string) => picker(ACCOUNT, description);

export const userLocator = (description: string) => picker(USER, description);
