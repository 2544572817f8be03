/** A list operation's Return All, Limit and Filters, read for one item and checked before any request. */
import type { IDataObject } from 'n8n-workflow';

import type { ItemContext } from '../../shared/helpers/interfaces';
import { quote } from '../../shared/transport/errors';
import { LIMIT_RANGE, type ListFilter } from '../descriptions/list.description';

/** `column`, `column:asc`, `column:desc`, separated by commas. */
const SORT = /^[A-Za-z_][A-Za-z0-9_]*(:(asc|desc))?(,[A-Za-z_][A-Za-z0-9_]*(:(asc|desc))?)*$/;

const FILTER_LABELS: Record<ListFilter, string> = { filter: 'Attribute Filter', search: 'Search', sort: 'Sort' };

export interface ListSettings {
	wanted: number | 'all';
	query: Record<string, string>;
}

export function readListSettings({ parameter, check }: ItemContext, filters: ListFilter[]): ListSettings {
	const returnAll = check.boolean('Return All', parameter('returnAll', false));
	const wanted = returnAll ? 'all' : check.numberInRange('Limit', parameter('limit', 50), LIMIT_RANGE);
	const given = (parameter('filters', {}) ?? {}) as IDataObject;
	const query: Record<string, string> = {};
	for (const filter of filters) {
		const value = given[filter];
		if (value === undefined || value === '') continue;
		const label = FILTER_LABELS[filter];
		const text = filter === 'filter' ? check.attributeFilter(label, value) : check.text(label, value);
		if (filter === 'sort' && !SORT.test(text.replace(/\s+/g, ''))) {
			throw check.fail(
				label,
				`must be column names, each optionally :asc or :desc, separated by commas (e.g. lastlogin:desc), got ${quote(text)}`,
			);
		}
		query[filter] = filter === 'sort' ? text.replace(/\s+/g, '') : text;
	}
	return { wanted, query };
}
