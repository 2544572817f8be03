// The simulator's default world: one server (with its settings and attributes), keys with
// different permissions, roles, users, accounts, one logged-in session, and the tenant's global
// attributes. Tests, the demo and the benchmarks all start from it.
'use strict';

/** Holds `+`, `/` and `=` on purpose: it must travel percent-encoded as one path segment. */
const SERVER_ID = 'sim+Server/0001=';

const KEYS = {
	/** sessions only: enough for the six session calls. */
	sessions: 'sim-key-sessions',
	/**
	 * sessions, users, accounts, servers and createserver, and global servers, createserver and
	 * root: every call (the example credential of `npm run dev`).
	 */
	all: 'sim-key-all',
	/** root (global): may impersonate a role with X-su, and grant and revoke permissions. */
	root: 'sim-key-root',
	/** no permission at all: every call is refused with 403. */
	none: 'sim-key-none',
	/** users only: may push to users and list them, nothing else. */
	users: 'sim-key-users',
	/**
	 * servers and createserver, also global (lists, creates and changes servers, lists and creates
	 * API keys), but no root and no users: for 403s.
	 */
	admin: 'sim-key-admin',
	/** servers only, no global permission: its server, attributes and permissions, nothing of the tenant's. */
	servers: 'sim-key-servers',
};

const ROLES = {
	/** What the root key may impersonate: sessions and users. */
	support: 'role-support',
	/** A role without permissions. */
	readonly: 'role-readonly',
	/** The role of KEYS.all, with the same permissions (server and global). */
	all: 'role-all',
	/** The role of KEYS.admin, with the same permissions (server and global). */
	admin: 'role-admin',
};

/** The role of user alice (getUserRole): base64 of "role/alice+", so it ends in `=`. */
const ALICE_ROLE = 'cm9sZS9hbGljZSs=';

const LOGGED_IN_NONCE = 'nonce-logged-in';

function defaultFixture() {
	return {
		servers: {
			[SERVER_ID]: {
				/** The Server fields GET /servers/{serverid}/ answers, besides `serverid` and `accountCount` (computed). */
				settings: {
					serverpk: 'c2ltLXNlcnZlci1wdWJsaWMta2V5LTAwMDE=',
					serverName: 'Simulated server',
					pinTimeout: 5,
					pinTransTimeout: 0,
					pingTime: 60,
					serverFlags: ['nopin'],
					appname: 'Sim App',
					appurl: 'https://app.example.test',
					appios: '',
					appandroid: '',
					siteurl: 'https://site.example.test',
					wsurl: 'wss://ws.example.test',
					owner: 'role-root',
					lastLogin: 1764100000000,
				},
				/**
				 * API key → its record: `permissions` on this server, `global` permissions (servers,
				 * createserver, root, setrid), the key's `role`, and `createdBy`, the role that made it
				 * (what GET /apikeys/ selects by). `root: true` is the older way to say "may use X-su".
				 */
				keys: {
					[KEYS.sessions]: {
						permissions: ['sessions'],
						role: 'role-sessions',
						description: 'Sessions only',
						createdBy: ROLES.all,
					},
					[KEYS.all]: {
						permissions: ['sessions', 'users', 'accounts', 'servers', 'createserver'],
						global: ['servers', 'createserver', 'root'],
						role: ROLES.all,
						description: 'Everything (the dev credential)',
						createdBy: 'role-root',
					},
					[KEYS.root]: {
						permissions: ['sessions', 'users', 'accounts'],
						global: ['root'],
						root: true,
						role: 'role-root',
						description: 'Root: may impersonate roles',
						createdBy: 'role-root',
					},
					[KEYS.none]: { permissions: [], role: 'role-none', description: 'No permission', createdBy: ROLES.all },
					[KEYS.users]: { permissions: ['users'], role: 'role-users', description: 'Users only', createdBy: ROLES.all },
					[KEYS.admin]: {
						permissions: ['servers', 'createserver'],
						global: ['servers', 'createserver'],
						role: ROLES.admin,
						description: 'Server administration, no root',
						createdBy: ROLES.all,
					},
					[KEYS.servers]: {
						permissions: ['servers'],
						role: 'role-servers',
						description: 'Servers only',
						createdBy: ROLES.all,
					},
				},
				/** Role id → its permissions on this server (X-su, and the permissions calls read and write them). */
				roles: {
					[ROLES.support]: { permissions: ['sessions', 'users'] },
					[ROLES.readonly]: { permissions: [] },
					[ROLES.all]: {
						permissions: ['sessions', 'users', 'accounts', 'servers', 'createserver'],
						global: ['servers', 'createserver', 'root'],
					},
					[ROLES.admin]: { permissions: ['servers', 'createserver'], global: ['servers', 'createserver'] },
				},
				users: [
					{ userid: 'alice', lastlogin: 1764000000000, role: ALICE_ROLE },
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
				/** The server's own attributes (/servers/{serverid}/attributes/), and the privileged ones. */
				serverAttributes: { region: 'eu' },
				privilegedAttributes: {},
				sessions: {
					[LOGGED_IN_NONCE]: { loggedin: true, userid: 'alice', accountid: 1, canprovoke: true },
				},
			},
		},
		/** The tenant's global attributes (/attributes/). */
		globalAttributes: { tenant: 'sim' },
	};
}

module.exports = { SERVER_ID, KEYS, ROLES, ALICE_ROLE, LOGGED_IN_NONCE, defaultFixture };
