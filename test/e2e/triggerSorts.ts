/**
 * How the trigger suites tell the watches' polls apart in the simulator's record: each watch reads
 * the account list in its own order (`sort`). Each watch accepts its earlier value and its id-based
 * one (New Account `id:desc`, Account Login `lastlogin:desc,id:desc`, Account Blocked or Unblocked
 * `id:asc`), so the suites hold on either side of that change.
 */
export const WATCH_SORTS = {
	newAccount: ['created:desc', 'id:desc'],
	accountLogin: ['lastlogin:desc', 'lastlogin:desc,id:desc'],
	accountBlockChange: ['created:asc', 'id:asc'],
} as const;
export type Watch = keyof typeof WATCH_SORTS;

/** Whether `sort` is one the watch sends. */
export const isSortOf = (watch: Watch, sort: unknown): boolean =>
	(WATCH_SORTS[watch] as readonly unknown[]).includes(sort);

/** A matcher for a request's `sort` inside `toEqual`: any of the watch's values. */
export const sortOf = (watch: Watch) =>
	expect.stringMatching(
		new RegExp(`^(?:${WATCH_SORTS[watch].map((sort) => sort.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`),
	);
