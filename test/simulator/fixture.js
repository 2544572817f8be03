// The simulator's default world: one server, keys with different permissions, roles, users,
// accounts and one logged-in session. Tests, the demo and the benchmarks all start from it.
'use strict';

/** Holds `+`, `/` and `=` on purpose: it must travel percent-encoded as one path segment. */
const SERVER_ID = 'sim+Server/0001=';

const KEYS = {
	/** sessions only: enough for the six session calls. */
	sessions: 'sim-key-sessions',
	/** sessions, users and accounts: the six calls plus both pickers. */
	all: 'sim-key-all',
	/** root: may impersonate a role with X-su. */
	root: 'sim-key-root',
	/** no permission at all: every call is refused with 403. */
	none: 'sim-key-none',
	/** users only: may push to users and list them, nothing else. */
	users: 'sim-key-users',
};

const ROLES = {
	/** What the root key may impersonate: sessions and users. */
	support: 'role-support',
	/** A role without permissions. */
	readonly: 'role-readonly',
};

const LOGGED_IN_NONCE = 'nonce-logged-in';

function defaultFixture() {
	return {
		servers: {
			[SERVER_ID]: {
				keys: {
					[KEYS.sessions]: { permissions: ['sessions'] },
					[KEYS.all]: { permissions: ['sessions', 'users', 'accounts'] },
					[KEYS.root]: { permissions: ['sessions', 'users', 'accounts'], root: true },
					[KEYS.none]: { permissions: [] },
					[KEYS.users]: { permissions: ['users'] },
				},
				roles: {
					[ROLES.support]: { permissions: ['sessions', 'users'] },
					[ROLES.readonly]: { permissions: [] },
				},
				users: [
					{ userid: 'alice', lastlogin: 1764000000000 },
					{ userid: 'bob', lastlogin: 1764100000000 },
					{ userid: 'carol.smith' },
					{ userid: 'dave/ops' },
				],
				accounts: [
					{ id: 1, description: "Alice's phone", userid: 'alice', blocked: false, created: 1700000000000 },
					{ id: 2, description: "Alice's tablet", userid: 'alice', blocked: false, created: 1700000100000 },
					{ id: 3, description: "Bob's phone", userid: 'bob', blocked: false, created: 1700000200000 },
					{ id: 4, description: 'Carol work phone', userid: 'carol.smith', blocked: true, created: 1700000300000 },
				],
				/** User id → attributes (see the simulator's attribute calls). */
				attributes: new Map([
					['alice', { group: 'admins', department: 'IT' }],
					['bob', { group: 'ops' }],
				]),
				sessions: {
					[LOGGED_IN_NONCE]: { loggedin: true, userid: 'alice', accountid: 1, canprovoke: true },
				},
			},
		},
	};
}

module.exports = { SERVER_ID, KEYS, ROLES, LOGGED_IN_NONCE, defaultFixture };
