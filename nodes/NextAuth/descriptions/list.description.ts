/** Return All, Limit and Filters of the list operations (account Get Many, user Get Many, Get Accounts). */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { showOnlyFor } from '../../shared/descriptions/display';
import { MAX_LIST_ENTRIES } from '../../shared/helpers/lists';

/** A field of the Filters collection, by the query parameter it becomes. */
export type ListFilter = 'filter' | 'search' | 'sort';

export const LIMIT_RANGE = { min: 1, max: MAX_LIST_ENTRIES, whole: true };

const FILTER_FIELDS: Record<ListFilter, INodeProperties> = {
	filter: {
		displayName: 'Attribute Filter',
		name: 'filter',
		type: 'string',
		default: '',
		placeholder: 'e.g. blocked=false or userid=in:alice,bob',
		description:
			'Only entries whose attribute has this value (attribute=value), or one of these values (attribute=in:a,b)',
	},
	search: {
		displayName: 'Search',
		name: 'search',
		type: 'string',
		default: '',
		placeholder: 'e.g. smith',
		description: 'Only users whose name contains this text',
	},
	sort: {
		displayName: 'Sort',
		name: 'sort',
		type: 'string',
		default: '',
		placeholder: 'e.g. lastlogin:desc',
		description:
			'Columns to sort by, each optionally :asc or :desc, separated by commas (e.g. lastlogin:desc,description)',
	},
};

export function listDescription(
	resource: string,
	option: INodePropertyOptions,
	filters: ListFilter[],
): INodeProperties[] {
	return showOnlyFor(
		[String(option.value)],
		[
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: LIMIT_RANGE.min, maxValue: LIMIT_RANGE.max, numberPrecision: 0 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { returnAll: [false] } },
			},
			...(filters.length === 0
				? []
				: [
						{
							displayName: 'Filters',
							name: 'filters',
							type: 'collection' as const,
							placeholder: 'Add Filter',
							default: {},
							options: filters.map((filter) => FILTER_FIELDS[filter]),
						},
					]),
		],
		resource,
	);
}
