/**
 * The generators: inputs (ids, nonces, user contexts, options — also as expressions —, credential
 * values; for the administration role ids, attribute keys and values, server fields, permission
 * names as text or lists), the world (accounts, sessions, and the tenant around the server:
 * servers, roles, API keys, attributes) and server behaviours (statuses, headers, delays, resets,
 * cut/oversized/escaped/BOM/compressed bodies, the key echoed into answers, paging lies, 429/503
 * storms, idle-socket closes). Values come from small pools that the world also uses, so most
 * requests meet real data, plus hostile ones; every choice shrinks toward the plain case (the
 * first alternative of each `oneof`).
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	CALLER_ROLE,
	ECHO_FIELDS,
	type AdminWorld,
	type Behaviour,
	type BodyKind,
	type CredentialSpec,
	type Echo,
	type EchoField,
	type EchoForm,
	type FuzzCase,
	type LocationKind,
	type PagingLie,
	type PropertyName,
	type ServerSpec,
	type WorldSpec,
} from './model';

/** Users of the world (a subset of them each case) and the ids the parameters name. */
export const USER_POOL = [
	'alice',
	'bob',
	'carol.smith',
	'dave/ops',
	'admin@corp.com',
	'alice-support',
	'1700',
	'zoë',
	'%41',
	'a?b=c',
	'..x',
	'phone#1',
	'x+y=z',
];
export const NONCE_POOL = ['n-1', 'n-2', 'n-3', 'n-4', 'nonce-logged-in'];
export const TID_POOL = ['tid+/=1', 'tid-2', 'tid%3', 'tid?4'];
/** Role ids, several of which also occur in the world's data (a timestamp, an email, a user name). */
export const ROLE_POOL = ['1700', 'admin', 'support', 'alice', 'phone', 'role-support', 'Root'];
export const DEFAULT_SERVER_ID = 'sim+Server/0001=';
/**
 * Role ids of the administration (permissions, API keys, users' roles, servers' owners): base64 as
 * the API makes them, and ids with `/ + = % & <`, spaces and non-ASCII; CALLER_ROLE is the
 * caller's own (the credential's Role ID).
 */
const ROLE_DATA_POOL = [
	CALLER_ROLE,
	'cm9sZS1vcHM=',
	'role-support',
	'a/b+c==',
	'%41%2F',
	'a&b=c',
	'<role>',
	'role ops',
	' padded ',
	'rolé',
	'日本',
	'x?y#z',
];
/** Permission names the API knows, and ones it does not. */
const PERMISSION_NAMES = ['sessions', 'accounts', 'users', 'servers', 'createserver', 'root', 'setrid'];
/** Attribute keys: plain, with `/ % & < = space`, non-ASCII, names of Object's own properties. */
const ATTRIBUTE_KEY_POOL = [
	'region',
	'group',
	'a/b',
	'x y',
	' key ',
	'%2F',
	'&amp;',
	'<k>',
	'a=b',
	'ü',
	'日本',
	'constructor',
];
const ATTRIBUTE_VALUE_POOL = ['eu', 'ops', '', 'a&b<c>"d"', 'zoë', '%41', 'x'.repeat(300)];

/** Ids no API has: path tricks, encodings, unicode, lone surrogates, control characters, huge numbers. */
const HOSTILE_IDS = [
	'',
	' ',
	'.',
	'..',
	'/',
	'%',
	'?',
	'#',
	'%2F',
	'../x',
	'a/../b',
	'a\ud800b',
	'\udc00',
	'ü',
	'日本',
	'x\u0000y',
	'line\nbreak',
	' alice ',
	'9007199254740993',
	'-1',
	'1e3',
	'0x10',
	'  42  ',
	'x'.repeat(300),
	'\u202eevil',
	'a%00b',
];

const weighted = <T>(...pairs: Array<[number, fc.Arbitrary<T>]>) =>
	fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));
const hostileId = fc.oneof(fc.constantFrom(...HOSTILE_IDS), fc.string({ unit: 'binary', maxLength: 8 }));

const KEY_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./+=~!*()%:@'.split('');
const keyBody = fc.string({ unit: fc.constantFrom(...KEY_CHARACTERS), minLength: 10, maxLength: 38 });

/** Characters a key is made of: letters and digits, and those whose spellings differ from the text somewhere (URL, JSON, HTML, base64's alphabet). */
const ORDINARY_KEY_CHARACTERS = [...'KEYkey0123456789ABCDFGHIJLMNOPQRSTUVWXZabcdfghijlmnopqrstuvwxz'];
const SPECIAL_KEY_CHARACTERS = [...'/+=%&<>"\' #?;:@~!*(),.-_[]{}|^`$\\'];
/** Pieces that look like a spelling themselves: a key may hold `%41` or `&amp;` as it is. */
const KEY_TOKENS = [
	'%41',
	'%2F',
	'%25',
	'%%',
	'&#47;',
	'&amp;',
	'&lt;',
	'&sol;',
	'\\u0041',
	'\\/',
	'==',
	'+/',
	'Basic ',
	'0x',
];

/**
 * A key of exactly `length` printable ASCII characters (what the credential accepts: no control
 * character, nothing above U+007E), not starting or ending with a space (the credential trims).
 */
const keyOfLength = (length: number) =>
	fc
		.array(
			weighted<string>(
				[10, fc.constantFrom(...ORDINARY_KEY_CHARACTERS)],
				[6, fc.constantFrom(...SPECIAL_KEY_CHARACTERS)],
				[1, fc.constantFrom(...KEY_TOKENS)],
			),
			{ minLength: length, maxLength: length },
		)
		.map((pieces) => pieces.join('').slice(0, length).replace(/^ /, 'K').replace(/ $/, 'Y'));

/**
 * Every length the credential accepts (4 on; 1 to 3 are refused), most often below 16 (hidden only
 * where it stands alone), at 15 to 17 (where the rule changes), up to 200.
 */
const keyLength = weighted<number>(
	[5, fc.integer({ min: 4, max: 15 })],
	[2, fc.constantFrom(15, 16, 17)],
	[4, fc.integer({ min: 16, max: 48 })],
	[1, fc.integer({ min: 49, max: 200 })],
);

/** What a key really looks like: any length the credential accepts, any printable ASCII. */
export const keyShaped: fc.Arbitrary<string> = keyLength.chain(keyOfLength);

/** Drops undefined fields (JSON has none; a case must read back the same from regressions.json). */
function clean<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, child]) => child !== undefined)) as T;
}

// --- credentials ---------------------------------------------------------------------------------

const apiKey = weighted<string>(
	[3, keyBody.map((body) => `K-${body}`)],
	[1, fc.constant('KEY-abc/def+ghi==SECRET')],
	[10, keyShaped],
	[1, keyShaped.map((key) => ` ${key} `)],
	// Refused by the credential, which must say so without quoting them: too short, not ASCII, a control character.
	[
		1,
		fc.oneof(
			fc
				.string({
					unit: fc.constantFrom(...ORDINARY_KEY_CHARACTERS, ...SPECIAL_KEY_CHARACTERS),
					minLength: 1,
					maxLength: 3,
				})
				.filter((key) => key.trim().length > 0),
			keyShaped.map((key) => `${key}é`),
			keyShaped.map((key) => `${key}€`),
			keyShaped.map((key) => `${key.slice(0, 2)}\n${key.slice(2)}`),
		),
	],
);

const roleId = weighted<string>(
	[8, fc.constant('')],
	[4, fc.constantFrom(...ROLE_POOL)],
	[1, fc.string({ unit: fc.constantFrom(...'abcdefghij0123456789'.split('')), minLength: 2, maxLength: 12 })],
	[1, fc.constantFrom('rolé', 'role€', ' admin ')],
	[3, keyShaped],
);

const serverId = weighted<string>(
	[10, fc.constant(DEFAULT_SERVER_ID)],
	[2, fc.constantFrom('c2VydmVyaWQ=', 'a/b', 'a%2Fb', 'srv?x=1', 'ü-server', 'x#y')],
	[1, hostileId],
);

const baseUrl = fc.record({
	userinfo: weighted<string>(
		[10, fc.constant('')],
		[
			1,
			fc.constantFrom('user:pass-secret-1', 'u:pa/ss#word-secret', 'u:p%2Fss-secret', 'us@er:pw@secret', 'u:pw?secret'),
		],
	),
	prefix: weighted<string>(
		[10, fc.constant('')],
		[1, fc.constantFrom('/api', '/api/v2', '/p%20x', '/ü', '/a b', '/x?y')],
	),
	trailingSlash: weighted<boolean>([4, fc.constant(false)], [1, fc.constant(true)]),
});

const credentials: fc.Arbitrary<CredentialSpec> = fc.record({ apiKey, roleId, serverId, baseUrl });

// --- the world -----------------------------------------------------------------------------------

const account = fc
	.record({
		// Below the bulk accounts' ids (1000 on), so that ids stay unique in every world.
		id: weighted<number>(
			[8, fc.integer({ min: 1, max: 20 })],
			[1, fc.constantFrom(0, 170, 999, 2 ** 31, Number.MAX_SAFE_INTEGER)],
		),
		description: weighted<string>(
			[6, fc.constantFrom("Alice's phone", 'admin phone', 'support desk 1700', 'zoë’s tablet', 'Device')],
			[1, fc.constantFrom('', 'x'.repeat(80))],
			[1, fc.string({ maxLength: 12 })],
		),
		userid: fc.option(fc.constantFrom(...USER_POOL), { nil: undefined }),
		blocked: fc.option(fc.boolean(), { nil: undefined }),
		created: fc.option(fc.constantFrom(1700000000000, 1764000000000, 0, 17001700), { nil: undefined }),
		lastlogin: fc.option(fc.constantFrom(1764000000000, 1700000000000), { nil: undefined }),
	})
	.map(clean);

const attributeMap = (keys: string[]) =>
	fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...ATTRIBUTE_VALUE_POOL), { maxKeys: 4 });
const roleData = fc.constantFrom(...ROLE_DATA_POOL);
const serverName = weighted<string>(
	[4, fc.constantFrom('Intranet', 'Simulated server')],
	[1, fc.constantFrom('', '<b>Shop</b> & Co', 'zoë', 'x'.repeat(300))],
);

/** The tenant: mostly every permission the administration needs; now and then some missing (403s). */
const adminWorld: fc.Arbitrary<AdminWorld> = fc.record({
	global: weighted<string[]>(
		[8, fc.constant(['servers', 'createserver', 'root'])],
		[1, fc.constantFrom([], ['servers'], ['createserver'], ['root'])],
	),
	keyRole: fc.constantFrom('a2V5LXJvbGU=', 'key/role+1=', 'fuzz-key-role'),
	settings: fc
		.record({
			serverpk: fc.constant('c2VydmVyLXB1YmxpYy1rZXk='),
			serverName,
			logo: fc.option(fc.constant('iVBORw0KGgo='), { nil: undefined }),
			pinTimeout: fc.constantFrom(5, 0, -1),
			pinTransTimeout: fc.constantFrom(0, -1, 525600),
			pingTime: fc.constantFrom(60, 0),
			serverFlags: fc.constantFrom([], ['nopin'], ['a b', 'ü', '']),
			appname: fc.option(fc.constantFrom('Sim App', '<app>'), { nil: undefined }),
			siteurl: fc.option(fc.constant('https://site.example.test/?a=1&b=2'), { nil: undefined }),
			wsurl: fc.constant('wss://ws.example.test'),
			owner: roleData,
			lastLogin: fc.option(fc.constantFrom(1764100000000, 0), { nil: undefined }),
		})
		.map(clean),
	servers: fc.uniqueArray(
		fc.record({
			serverid: fc.constantFrom('c2VydmVyaWQ=', 'a/b', 'a%2Fb', 'srv?x=1', 'ü-server', 'x#y', '  ', 'c2', 'c3', 'c4'),
			serverName,
			owner: roleData,
		}),
		{ selector: (entry) => entry.serverid, maxLength: 9 },
	),
	roles: fc.uniqueArray(fc.record({ role: roleData, permissions: fc.subarray(PERMISSION_NAMES) }), {
		selector: (entry) => entry.role,
		maxLength: 5,
	}),
	apiKeys: fc.uniqueArray(
		fc.record({
			apikey: weighted<string>(
				[3, keyShaped],
				[1, fc.constantFrom('sim-key-1+/=', 'short', 'ab%2Fcd&lt;', '12345678')],
			),
			description: fc.constantFrom('Nightly clean-up', '', '<b>ops</b>', 'zoë'),
			role: roleData,
		}),
		{ selector: (entry) => entry.apikey, maxLength: 4 },
	),
	ownKeyListed: weighted<boolean>([3, fc.constant(false)], [1, fc.constant(true)]),
	userRoles: fc.dictionary(fc.constantFrom(...USER_POOL), roleData, { maxKeys: 4 }),
	attributes: fc.record({
		server: attributeMap(ATTRIBUTE_KEY_POOL),
		privileged: attributeMap(ATTRIBUTE_KEY_POOL),
		global: attributeMap(ATTRIBUTE_KEY_POOL),
		users: fc.dictionary(fc.constantFrom(...USER_POOL), attributeMap(ATTRIBUTE_KEY_POOL), { maxKeys: 3 }),
	}),
});

const world: fc.Arbitrary<WorldSpec> = fc
	.record({
		// Mostly the credential's own server; now and then another one (every call a 404).
		serverId: weighted<string>([8, fc.constant('')], [1, fc.constant(DEFAULT_SERVER_ID)]),
		permissions: weighted<string[]>(
			[10, fc.constant(['sessions', 'users', 'accounts', 'servers', 'createserver'])],
			[1, fc.constantFrom(['sessions'], ['users'], ['accounts'], ['servers'], ['sessions', 'users', 'accounts'], [])],
		),
		maxPageSize: weighted<number>([4, fc.constant(100)], [2, fc.constantFrom(1, 3, 7)], [1, fc.constant(500)]),
		users: fc
			.subarray(USER_POOL)
			.map((ids) =>
				ids.map((userid, index) => clean({ userid, lastlogin: index % 2 === 0 ? 1764000000000 + index : undefined })),
			),
		accounts: fc.uniqueArray(account, { selector: (entry) => entry.id, maxLength: 10 }),
		bulkAccounts: weighted<number>([8, fc.constant(0)], [1, fc.integer({ min: 1, max: 700 })]),
		sessions: fc.tuple(
			...NONCE_POOL.map((nonce) =>
				fc
					.record({
						nonce: fc.constant(nonce),
						loggedin: nonce === 'nonce-logged-in' ? fc.constant(true) : fc.boolean(),
						canprovoke: weighted<boolean>([3, fc.constant(true)], [1, fc.constant(false)]),
						confirmAfterPolls: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
					})
					.map(clean),
			),
		),
		transactions: fc.subarray(TID_POOL).chain((tids) =>
			fc.tuple(
				...tids.map((tid) =>
					fc.record({
						tid: fc.constant(tid),
						nonce: fc.constantFrom(...NONCE_POOL),
						tstatus: fc.constantFrom('0', '1', '2', '7'),
					}),
				),
			),
		),
		admin: adminWorld,
		decision: weighted<WorldSpec['decision']>(
			[
				4,
				fc.record({
					decision: fc.constantFrom('approve' as const, 'decline' as const),
					afterPolls: fc.integer({ min: 1, max: 3 }),
				}),
			],
			[1, fc.constant({ decision: 'never' as const, afterPolls: 1 })],
			[
				1,
				fc.record({
					decision: fc.constant('status' as const),
					afterPolls: fc.constant(1),
					tstatus: fc.constantFrom('7', '', '1 '),
				}),
			],
		),
	})
	.map((value) => ({ ...value, transactions: [...value.transactions] }));

// --- server behaviours ---------------------------------------------------------------------------

/** Every spelling of the key the redaction promises to see through (README, Security). */
export const ECHO_FORMS: EchoForm[] = [
	'plain',
	'json-slash',
	'json-unicode',
	'json-unicode-some',
	'pct-upper',
	'pct-lower',
	'pct-some',
	'pct-twice',
	'pct-in-json',
	'html-decimal',
	'html-hex',
	'html-named',
	'html-no-semicolon',
	'html-escaped',
	'html-twice',
	'html-pct',
	'hex-lower',
	'hex-upper',
	'base64',
	'base64url',
	'base64-unpadded',
	'base64-basic',
	'base64-inner',
];
const echoForm = fc.constantFrom<EchoForm>(...ECHO_FORMS);
/** The Role ID is hidden where a string of an answer is it as a whole: as written or JSON-escaped. */
const roleEcho: fc.Arbitrary<Echo> = fc
	.record({
		form: fc.constantFrom<EchoForm>('plain', 'json-slash', 'json-unicode', 'json-unicode-some'),
		whole: fc.constant(true),
		secret: fc.constant('role' as const),
		into: weighted<EchoField | undefined>([2, fc.constant(undefined)], [1, fc.constantFrom(...ECHO_FIELDS)]),
	})
	.map(clean);
const echo: fc.Arbitrary<Echo> = weighted<Echo>(
	[
		5,
		fc
			.record({
				form: echoForm,
				whole: fc.boolean(),
				name: weighted<boolean | undefined>([4, fc.constant(undefined)], [1, fc.constant(true)]),
				into: weighted<EchoField | undefined>([2, fc.constant(undefined)], [1, fc.constantFrom(...ECHO_FIELDS)]),
			})
			.map(clean),
	],
	[1, roleEcho],
);

const STATUSES = [200, 201, 204, 301, 302, 303, 307, 308, 400, 401, 403, 404, 405, 409, 418, 429, 500, 502, 503, 504];
const RETRY_AFTER = [
	'0',
	'1',
	'2',
	'4',
	'-1',
	'1.5',
	'abc',
	' 1 ',
	'99999',
	'date:+800',
	'date:-5000',
	'Sun, 06 Nov 1994 08:49:37 GMT',
	'',
];
const CONTENT_TYPES = [
	'application/json',
	'application/json; charset=utf-8',
	'text/plain',
	'text/html; charset=utf-8',
	'application/octet-stream',
	'application/problem+json',
	'',
];

/**
 * An answer that echoes the key (or the Role ID) where the package shows it: the message or
 * error field of a JSON error, a text or an HTML error page, a redirect's host, a Content-Encoding
 * the package cannot decode. Statuses that are not retried mostly: the echo is the last answer.
 */
const echoAnswer: fc.Arbitrary<Behaviour> = weighted<Behaviour>(
	[
		6,
		fc
			.record({
				do: fc.constant('status' as const),
				status: weighted<number>(
					[4, fc.constantFrom(400, 401, 403, 404, 409, 500, 502)],
					[1, fc.constantFrom(429, 503)],
				),
				body: fc.constantFrom<BodyKind>('echo-json', 'echo-json-error', 'echo-text', 'echo-html'),
				contentType: weighted<string>([4, fc.constant('')], [1, fc.constantFrom(...CONTENT_TYPES)]),
				echo,
				acted: fc.boolean(),
			})
			.map(({ body, contentType, ...answer }) => ({
				...answer,
				body,
				// Mostly the type the body is; '' stands for that.
				contentType:
					contentType ||
					(body === 'echo-text'
						? 'text/plain'
						: body === 'echo-html'
							? 'text/html; charset=utf-8'
							: 'application/json'),
				retryAfter: answer.status === 429 || answer.status === 503 ? '0' : undefined,
			}))
			.map((answer) => clean(answer) as Behaviour),
	],
	[
		1,
		fc.record({
			do: fc.constant('status' as const),
			status: fc.constantFrom(301, 302, 307, 308),
			body: fc.constant<BodyKind>('empty'),
			contentType: fc.constant('text/html'),
			echo: fc.record({
				form: fc.constantFrom<EchoForm>('hex-lower', 'hex-upper', 'plain', 'pct-lower'),
				whole: fc.constant(true),
				header: fc.constant('location' as const),
			}),
			acted: fc.constant(false),
		}),
	],
	[
		1,
		fc.record({
			do: fc.constant('status' as const),
			status: fc.constantFrom(200, 201),
			body: fc.constant<BodyKind>('json-message'),
			contentType: fc.constant('application/json'),
			echo: fc.record({
				form: fc.constantFrom<EchoForm>('hex-lower', 'pct-lower', 'plain'),
				whole: fc.constant(true),
				header: fc.constant('content-encoding' as const),
			}),
			acted: fc.boolean(),
		}),
	],
);

/** An answer of the fuzz's making; a status with fitting headers more often than not. */
const injectedAnswer = (quick: boolean): fc.Arbitrary<Behaviour> =>
	fc
		.record({
			do: fc.constant('status' as const),
			status: weighted<number>([3, fc.constantFrom(429, 503)], [4, fc.constantFrom(...STATUSES)]),
			body: fc.constantFrom<BodyKind>('json-message', 'empty', 'text', 'html', 'garbage', 'echo-json', 'echo-text'),
			contentType: fc.constantFrom(...CONTENT_TYPES),
			retryAfter: fc.option(
				quick ? fc.constantFrom('0', '1', 'abc', '-1', 'date:-5000') : fc.constantFrom(...RETRY_AFTER),
				{ nil: undefined },
			),
			location: fc.option(
				fc.constantFrom<LocationKind>('foreign', 'foreign-userinfo', 'same-origin', 'relative', 'garbage'),
				{ nil: undefined },
			),
			echo: fc.option(echo, { nil: undefined }),
			acted: fc.boolean(),
		})
		.map(
			(answer) =>
				clean({
					...answer,
					// A Location only on a 3xx, an echo only where the body shows it.
					location: answer.status >= 300 && answer.status < 400 ? (answer.location ?? 'foreign') : undefined,
					echo: answer.body.startsWith('echo') ? (answer.echo ?? { form: 'plain', whole: false }) : undefined,
				}) as Behaviour,
		);

/**
 * One request's behaviour. `quick`: none that waits long (no stall, short delays): for calls
 * whose deadline the fuzz cannot set (the pickers, the credential test).
 */
export const behaviour = (quick: boolean): fc.Arbitrary<Behaviour> =>
	weighted<Behaviour>(
		[8, fc.constant({ do: 'real' as const })],
		[
			2,
			fc.record({
				do: fc.constant('delay' as const),
				ms: quick
					? fc.integer({ min: 0, max: 300 })
					: weighted<number>([4, fc.integer({ min: 0, max: 400 })], [1, fc.constant(1600)]),
			}),
		],
		[6, injectedAnswer(quick)],
		[2, fc.record({ do: fc.constant('reset' as const), acted: fc.boolean() })],
		[quick ? 0 : 1, fc.constant({ do: 'stall' as const })],
		[
			2,
			fc.record({
				do: fc.constant('cut' as const),
				at: fc.constantFrom('headers' as const, 'mid-body' as const),
				graceful: fc.boolean(),
			}),
		],
		[
			2,
			fc.record({
				do: fc.constant('encode' as const),
				encoding: fc.constantFrom('gzip' as const, 'deflate' as const, 'br' as const),
				labelled: weighted<boolean>([3, fc.constant(true)], [1, fc.constant(false)]),
			}),
		],
		[
			3,
			fc
				.record({
					do: fc.constant('rewrite' as const),
					bom: fc.boolean(),
					echo: fc.option(echo, { nil: undefined }),
					bigIds: fc.boolean(),
					wrap: weighted<boolean | undefined>([6, fc.constant(undefined)], [1, fc.constant(true)]),
					contentType: fc.option(
						fc.constantFrom('text/plain', 'application/json; charset=utf-8', 'application/octet-stream'),
						{ nil: undefined },
					),
				})
				.map((rewrite) => clean(rewrite) as Behaviour),
		],
		[
			1,
			fc.record({
				do: fc.constant('huge' as const),
				bytes: fc.constantFrom(1_100_000, 2_200_000, 3_000_000),
				announced: fc.boolean(),
			}),
		],
		[1, fc.constant({ do: 'html' as const })],
		[8, echoAnswer],
	);

const server = (quick: boolean): fc.Arbitrary<ServerSpec> =>
	fc
		.record({
			script: fc.array(behaviour(quick), { maxLength: 6 }),
			rest: weighted<Behaviour>(
				[10, fc.constant({ do: 'real' as const })],
				[
					1,
					fc.constantFrom<Behaviour>(
						{
							do: 'status',
							status: 503,
							body: 'json-message',
							contentType: 'application/json',
							retryAfter: '0',
							acted: false,
						},
						{
							do: 'status',
							status: 429,
							body: 'json-message',
							contentType: 'application/json',
							retryAfter: '0',
							acted: false,
						},
						{ do: 'status', status: 503, body: 'json-message', contentType: 'application/json', acted: true },
						{ do: 'html' },
					),
				],
			),
			// Idle closes a millisecond or two after the Poll Intervals the cases use: the next check is
			// written on a socket the server is closing at that moment.
			idleCloseMs: weighted<number | undefined>(
				[6, fc.constant(undefined)],
				[1, fc.integer({ min: 20, max: 600 })],
				[1, fc.constantFrom(201, 202, 301, 302, 501, 502, 1001, 1002)],
			),
			paging: weighted<PagingLie>(
				[4, fc.constant('honest')],
				[1, fc.constantFrom<PagingLie>('ignore-marker', 'ignore-marker-no-total', 'inflate-total', 'fat-rows')],
			),
			echo: weighted<Echo | undefined>([5, fc.constant(undefined)], [1, echo]),
		})
		.map(clean);

// --- node parameters -----------------------------------------------------------------------------

/** A parameter value as typed, or as an expression n8n evaluates (a constant, or a field of the item). */
const numberParameter = (valid: fc.Arbitrary<number>, itemField: string, invalid: Array<number | string>) =>
	weighted<number | string>(
		[8, valid],
		[2, valid.map((value) => `={{ ${value} }}`)],
		[1, fc.constant(`={{ $json.${itemField} }}`)],
		[1, fc.constantFrom(...invalid)],
	);

const options = (quick: boolean) =>
	fc
		.record({
			timeout: numberParameter(fc.integer({ min: 50, max: quick ? 800 : 1500 }), 't', [
				0,
				-1,
				'abc',
				600001,
				'={{ "x" }}',
			]),
			maxRetries: fc.option(numberParameter(fc.integer({ min: 0, max: 3 }), 'r', [11, 1.5, -1]), { nil: undefined }),
			maxRetryWait: numberParameter(
				quick
					? fc.integer({ min: 0, max: 2000 })
					: weighted<number>([6, fc.integer({ min: 0, max: 2000 })], [1, fc.constant(5000)]),
				'w',
				[-1, 'soon'],
			),
			concurrency: fc.option(
				weighted<number | string>([6, fc.integer({ min: 1, max: 5 })], [1, fc.constantFrom(0, 101, 2.5, '={{ 2 }}')]),
				{ nil: undefined },
			),
			serverId: fc.option(weighted<string>([3, fc.constant(DEFAULT_SERVER_ID)], [1, fc.constant('')], [1, hostileId]), {
				nil: undefined,
			}),
		})
		.map(clean);

/** Input items: each has its own nonce, user, account, transaction id and option values, for expressions to pick. */
const item = fc.record({
	nonce: weighted<string>([8, fc.constantFrom(...NONCE_POOL)], [1, hostileId]),
	user: weighted<string>([8, fc.constantFrom(...USER_POOL)], [1, hostileId]),
	account: weighted<number | string>(
		[8, fc.integer({ min: 0, max: 22 })],
		[1, fc.constantFrom('9007199254740993', '1e3', '-1', 'abc', ' 3 ')],
	),
	tid: weighted<string>([6, fc.constantFrom(...TID_POOL)], [1, hostileId]),
	role: weighted<string>([4, fc.constantFrom(...ROLE_DATA_POOL)], [1, hostileId]),
	t: weighted<number | string>([8, fc.integer({ min: 50, max: 1200 })], [1, fc.constant('x')]),
	r: fc.integer({ min: 0, max: 3 }),
	w: fc.integer({ min: 0, max: 1500 }),
});

const items = fc.array(item, { minLength: 1, maxLength: 6 });

const idParameter = (field: string, pool: string[]) =>
	weighted<string>(
		[4, fc.constant(`={{ $json.${field} }}`)],
		[4, fc.constantFrom(...pool)],
		[1, hostileId],
		[1, fc.constant(`={{ $json.${field} + "" }}`)],
	);

const locator = (field: string, pool: string[]) =>
	fc.record({ __rl: fc.constant(true), mode: fc.constantFrom('id', 'list'), value: idParameter(field, pool) });

const accountLocator = locator('account', ['1', '2', '3', '4', '1700', '1000', '9007199254740993', ' 2 ', 'abc', '-1']);
const userLocator = locator('user', USER_POOL);

const userContext = weighted<INodeParameters>(
	[6, fc.constant({})],
	[
		1,
		fc.record({
			sendUserContext: fc.constant(true),
			userContextInput: fc.constant('fields'),
			announceInfo: fc.record({
				ip: fc.constantFrom('203.0.113.7', '', '::1'),
				userAgent: fc.constantFrom('Mozilla/5.0', 'x'.repeat(5000)),
				info: fc.constantFrom('{"app":"Payroll"}', '{}', 'not json', '[1]'),
			}),
			sessionInfo: fc.record({ logo: fc.constantFrom('iVBORw0KGgo=', 'not base64!', '') }),
		}),
	],
	[
		1,
		fc.record({
			sendUserContext: fc.constant(true),
			userContextInput: fc.constant('json'),
			userContextJson: fc.constantFrom(
				'{"announceinfo":{"ip":"203.0.113.7"},"sessioninfo":{"info":{"a":1}}}',
				'{}',
				'{"other":1}',
				'{"announceinfo":null}',
				'nope',
				'{"sessioninfo":{"info":"text"}}',
			),
		}),
	],
);

const waitParameters = (toggle: string) =>
	weighted<INodeParameters>(
		[3, fc.constant({})],
		[
			1,
			fc.record({
				[toggle]: fc.constant(true),
				waitTimeout: weighted<number | string>([6, fc.constantFrom(1, 2)], [1, fc.constantFrom(0, '={{ 1 }}', 3601)]),
				pollInterval: weighted<number | string>(
					[6, fc.constantFrom(0.2, 0.3, 0.5, 1)],
					[1, fc.constantFrom(0.1, '={{ 0.2 }}')],
				),
			}),
		],
	);

const nonceParameter = weighted<string>(
	[3, fc.constant('={{ $json.nonce }}')],
	[3, fc.constantFrom(...NONCE_POOL)],
	[1, fc.constant('={{ $json.nonce + "" }}')],
	[1, hostileId],
);

/** A text the app or a page shows (a name, a description): plain mostly; empty, blank, long, marked up, an expression. */
const shownText = weighted<string>(
	[6, fc.constantFrom("Alice's phone", 'Nightly clean-up')],
	[2, fc.constantFrom('<b>x</b> & "y"', 'a&b=c d', 'zoë', '={{ $json.user }}')],
	[1, fc.constantFrom('', ' ', 'x'.repeat(5000), 'line\nbreak')],
);

/** More Sessions of the footer: none mostly; rows with odd or missing values; more rows than allowed. */
const footerSessions = weighted<INodeParameters>(
	[3, fc.constant({})],
	[
		2,
		fc
			.array(
				fc.record({
					serverId: weighted<string>([4, fc.constant(DEFAULT_SERVER_ID)], [1, hostileId]),
					nonce: weighted<string>(
						[4, fc.constantFrom(...NONCE_POOL)],
						[1, fc.constant('={{ $json.nonce }}')],
						[1, hostileId],
					),
				}),
				{ minLength: 1, maxLength: 3 },
			)
			.map((session) => ({ session })),
	],
	[1, fc.constant({ session: Array.from({ length: 101 }, (_, n) => ({ serverId: 's', nonce: `n-${n}` })) })],
);

const sessionOperation: fc.Arbitrary<INodeParameters> = weighted<INodeParameters>(
	[3, fc.record({ operation: fc.constant('getSession') })],
	[
		2,
		fc
			.record({
				operation: fc.constant('getQrLogin'),
				qrFormat: fc.constantFrom('png', 'raw'),
				qrSize: weighted<number | string>(
					[6, fc.integer({ min: 1, max: 64 })],
					[1, fc.constantFrom(0, 2001, 'x', 1.5)],
				),
				binaryPropertyName: weighted<string>([6, fc.constant('data')], [1, fc.constantFrom('qr', '', 'a b')]),
				userContext,
			})
			.map(({ userContext: context, ...rest }) => ({ ...rest, ...context })),
	],
	[2, fc.record({ operation: fc.constant('logout') })],
	[
		2,
		fc
			.record({ operation: fc.constant('provokeLogin'), userContext, wait: waitParameters('waitForLogin') })
			.map(({ userContext: context, wait, ...rest }) => ({ ...rest, ...context, ...wait })),
	],
	[
		2,
		fc
			.record({
				operation: fc.constant('provokeLoginOnAccount'),
				accountId: accountLocator,
				userContext,
				wait: waitParameters('waitForLogin'),
			})
			.map(({ userContext: context, wait, ...rest }) => ({ ...rest, ...context, ...wait })),
	],
	[
		2,
		fc
			.record({
				operation: fc.constant('provokeLoginOnUser'),
				userId: userLocator,
				userContext,
				wait: waitParameters('waitForLogin'),
			})
			.map(({ userContext: context, wait, ...rest }) => ({ ...rest, ...context, ...wait })),
	],
	[
		2,
		fc
			.record({
				operation: fc.constant('createTransaction'),
				transactionDescription: weighted<string>(
					[6, fc.constant('Deploy release 4.2')],
					[1, fc.constantFrom('', 'x'.repeat(5000), 'line\nbreak', '={{ $json.user }}')],
				),
				amount: fc.option(fc.constantFrom('EUR 1,250.00', ''), { nil: undefined }),
				beneficiary: fc.option(fc.constantFrom('ACME Ltd.', 'admin@corp.com'), { nil: undefined }),
				wait: waitParameters('waitForDecision'),
			})
			.map(({ wait, ...rest }) => clean({ ...rest, ...wait })),
	],
	[2, fc.record({ operation: fc.constant('getTransactionResult'), transactionId: idParameter('tid', TID_POOL) })],
	[
		1,
		fc
			.record({ operation: fc.constant('getLoginHtml'), userContext })
			.map(({ userContext: context, ...rest }) => ({ ...rest, ...context })),
	],
	[
		1,
		fc
			.record({
				operation: fc.constant('getEnrolHtml'),
				enrolName: fc.option(shownText, { nil: undefined }),
				enrolUserId: fc.option(idParameter('user', USER_POOL), { nil: undefined }),
			})
			.map(clean),
	],
	[1, fc.record({ operation: fc.constant('getFooterHtml'), footerSessions })],
);

const SORTS = ['created:desc', 'lastlogin', 'id:asc,description:desc', 'bad sort!', ''];
const listParameters = (filters: Array<'filter' | 'search' | 'sort'>) =>
	fc.record({
		returnAll: weighted<boolean | string>([3, fc.boolean()], [1, fc.constant('yes')]),
		limit: weighted<number | string>([6, fc.integer({ min: 1, max: 1200 })], [1, fc.constantFrom(0, 100001, 'x', 2.5)]),
		filters: fc
			.record({
				filter: filters.includes('filter')
					? fc.option(fc.constantFrom('blocked=false', 'userid=in:alice,bob', 'nope', 'description=admin phone'), {
							nil: undefined,
						})
					: fc.constant(undefined),
				search: filters.includes('search')
					? fc.option(fc.constantFrom('al', 'admin', '1700', '%', ''), { nil: undefined })
					: fc.constant(undefined),
				sort: filters.includes('sort')
					? fc.option(fc.constantFrom(...SORTS), { nil: undefined })
					: fc.constant(undefined),
			})
			.map(clean),
	});

/** The Attributes of Set and Update Attributes: fields (keys and values, odd ones too) or JSON (valid or not). */
const attributeInput = weighted<INodeParameters>(
	[
		3,
		fc
			.array(
				fc.record({
					key: weighted<string>(
						[6, fc.constantFrom(...ATTRIBUTE_KEY_POOL)],
						[1, fc.constantFrom('', ' ', '.', '..', '__proto__', 'a\ud800', '={{ $json.user }}')],
					),
					value: weighted<unknown>(
						[6, fc.constantFrom(...ATTRIBUTE_VALUE_POOL)],
						[1, fc.constantFrom(5, true, null, '={{ 5 }}', '={{ {"a": 1} }}', 'x\ud800', 'x'.repeat(70_000))],
					),
				}),
				{ maxLength: 4 },
			)
			.map((attribute) => ({ attributeInput: 'fields', attributes: { attribute } }) as INodeParameters),
	],
	[
		2,
		fc
			.constantFrom(
				'{"region":"eu","a/b":"<x>"}',
				'{}',
				' { "group" : "ops" } ',
				'{"n":5}',
				'{"..":"x"}',
				'{"":"x"}',
				'{"__proto__":"x"}',
				'[1]',
				'not json',
				'={{ {"region": $json.user} }}',
				`{"k":"${'x'.repeat(70_000)}"}`,
			)
			.map((attributesJson) => ({ attributeInput: 'json', attributesJson })),
	],
);

const ATTRIBUTE_OPERATIONS = [
	'getAttributes',
	'setAttributes',
	'updateAttributes',
	'deleteAttribute',
	'deleteAttributes',
];

/** The five attribute operations of `resource`, with the resource's own fields (a user, Privileged Attributes). */
const attributeOperation = (resource: string, own: fc.Arbitrary<INodeParameters>) =>
	fc
		.record({
			operation: fc.constantFrom(...ATTRIBUTE_OPERATIONS),
			own,
			input: attributeInput,
			attributeKey: weighted<string>(
				[6, fc.constantFrom(...ATTRIBUTE_KEY_POOL)],
				[1, fc.constant('={{ $json.user }}')],
				[1, fc.constantFrom('', ' ', '.', '..', 'a\ud800')],
			),
		})
		.map(({ operation, own: fields, input, attributeKey }) => ({
			resource,
			operation,
			...fields,
			...((operation === 'setAttributes' || operation === 'updateAttributes') && input),
			...(operation === 'deleteAttribute' && { attributeKey }),
		}));

const roleIdParameter = weighted<string>(
	[4, fc.constantFrom(...ROLE_DATA_POOL)],
	[2, fc.constant('={{ $json.role }}')],
	[1, hostileId],
);

/** Permission names as comma text (spaces, empty names, repeats) or a list from an expression; unknown and too many. */
const permissionsParameter = weighted<string | string[]>(
	[6, fc.subarray(PERMISSION_NAMES, { minLength: 1 }).map((names) => names.join(','))],
	[1, fc.subarray(PERMISSION_NAMES, { minLength: 1 })],
	[
		2,
		fc.constantFrom(' sessions , , users ', 'sessions,sessions', '={{ ["sessions", "users"] }}', '={{ "accounts" }}'),
	],
	[
		1,
		fc.constantFrom(
			'',
			',',
			'bogus name',
			'sessions,nosuch',
			'={{ [1] }}',
			'={{ [] }}',
			Array.from({ length: 101 }, (_, n) => `p${n}`).join(','),
		),
	],
);

/** Server fields as valid values: -1 and 0 are values, numbers as text, lists from expressions, empty text (not sent). */
const pinMinutes = fc.constantFrom<number | string>(0, -1, 5, 525_600, '30', '={{ -1 }}');
const serverText = fc.constantFrom('Sim App', 'https://app.example.test/?a=1&b=2', '', ' ', '<x>&amp;', 'zoë');
const validServerFields = (withName: boolean) =>
	fc.record(
		{
			...(withName && { serverName: shownText }),
			pinTimeout: pinMinutes,
			pinTransTimeout: pinMinutes,
			pingTime: fc.constantFrom<number | string>(0, 60, 86_400, '60'),
			serverFlags: fc.constantFrom<string | string[]>(
				'nopin,noprovoke',
				'nopin',
				' a , , b ',
				'',
				',',
				'={{ ["nopin", "x y"] }}',
				['nopin', 'zoë'],
			),
			logo: fc.constantFrom('iVBORw0KGgo=', ''),
			appname: serverText,
			appurl: serverText,
			appios: serverText,
			appandroid: serverText,
			siteurl: serverText,
		},
		{ requiredKeys: [] },
	);
/** One field with a value the node refuses (out of range, a fraction, not a list of texts, not base64…), or no such field. */
const INVALID_SERVER_FIELDS: Array<[string, unknown]> = [
	['pinTimeout', -2],
	['pinTransTimeout', 525_601],
	['pinTimeout', 1.5],
	['pinTransTimeout', 'abc'],
	['pingTime', -1],
	['pingTime', 86_401],
	['pingTime', 2.5],
	['serverFlags', '={{ [1, 2] }}'],
	['serverFlags', 'a\nb'],
	['logo', 'not base64!'],
	['logo', 'YQ'],
	['appname', 'x'.repeat(5000)],
	['siteurl', 'a\nb'],
	['bogus', 'x'],
];

/** Server Fields (Create) or Update Fields (with the name): mostly valid; now and then one the node refuses. */
const serverFields = (withName: boolean) =>
	fc
		.record({
			fields: validServerFields(withName),
			invalid: weighted<[string, unknown] | undefined>(
				[5, fc.constant(undefined)],
				[1, fc.constantFrom(...INVALID_SERVER_FIELDS)],
			),
		})
		.map(({ fields, invalid }) => ({ ...fields, ...(invalid && { [invalid[0]]: invalid[1] }) }) as INodeParameters);

const adminOperation: fc.Arbitrary<INodeParameters> = weighted<INodeParameters>(
	[2, fc.record({ resource: fc.constant('account'), operation: fc.constant('get'), accountId: accountLocator })],
	[3, listParameters(['filter', 'sort']).map((list) => ({ resource: 'account', operation: 'getAll', ...list }))],
	[
		1,
		fc.record({
			resource: fc.constant('account'),
			operation: fc.constantFrom('block', 'unblock'),
			accountId: accountLocator,
		}),
	],
	[
		1,
		fc.record({
			resource: fc.constant('account'),
			operation: fc.constant('setUser'),
			accountId: accountLocator,
			userId: userLocator,
		}),
	],
	[1, fc.record({ resource: fc.constant('account'), operation: fc.constant('delete'), accountId: accountLocator })],
	[3, listParameters(['filter', 'search', 'sort']).map((list) => ({ resource: 'user', operation: 'getAll', ...list }))],
	[
		2,
		fc
			.record({ userId: userLocator, list: listParameters(['sort']) })
			.map(({ userId, list }) => ({ resource: 'user', operation: 'getAccounts', userId, ...list })),
	],
	[
		1,
		fc.record({
			resource: fc.constant('user'),
			operation: fc.constantFrom('delete', 'deleteAccounts'),
			userId: userLocator,
		}),
	],
	[1, fc.record({ resource: fc.constant('server'), operation: fc.constantFrom('get', 'getAll') })],
	[
		1,
		fc.record({
			resource: fc.constant('server'),
			operation: fc.constant('create'),
			serverName: shownText,
			serverFields: serverFields(false),
		}),
	],
	[
		1,
		fc.record({
			resource: fc.constant('server'),
			operation: fc.constant('update'),
			updateFields: weighted<INodeParameters>([6, serverFields(true)], [1, fc.constant({})]),
		}),
	],
	[
		2,
		attributeOperation(
			'server',
			fc.record({
				privileged: weighted<boolean | string>(
					[3, fc.constant(false)],
					[2, fc.constant(true)],
					[1, fc.constantFrom('true', 'yes')],
				),
			}),
		),
	],
	[1, attributeOperation('global', fc.constant({}))],
	[1, attributeOperation('user', fc.record({ userId: userLocator }))],
	[
		2,
		fc
			.record({
				operation: fc.constantFrom('getAll', 'get', 'set', 'revoke'),
				roleId: roleIdParameter,
				permissions: permissionsParameter,
			})
			.map(({ operation, roleId, permissions }) => ({
				resource: 'permission',
				operation,
				...(operation !== 'getAll' && { roleId }),
				...(operation === 'set' && { permissions }),
			})),
	],
	[
		1,
		fc.record({
			resource: fc.constant('apiKey'),
			operation: fc.constant('getAll'),
			showKeys: weighted<boolean | string>(
				[3, fc.constant(false)],
				[2, fc.constant(true)],
				[1, fc.constantFrom('true', 'yes')],
			),
		}),
	],
	[1, fc.record({ resource: fc.constant('apiKey'), operation: fc.constant('create'), description: shownText })],
	[
		1,
		fc.record({
			resource: fc.constant('user'),
			operation: fc.constantFrom('getRole', 'getOrCreateRole'),
			userId: userLocator,
		}),
	],
);

// --- whole cases ---------------------------------------------------------------------------------

const caseParts = (quick: boolean) =>
	fc.record({
		credentials,
		world,
		server: server(quick),
		items,
		continueOnFail: fc.boolean(),
		cancelAfterMs: weighted<number | undefined>([12, fc.constant(undefined)], [1, fc.integer({ min: 0, max: 800 })]),
		options: options(quick),
	});

function nodeCase(
	property: PropertyName,
	node: FuzzCase['node'],
	operations: fc.Arbitrary<INodeParameters>,
): fc.Arbitrary<FuzzCase> {
	return fc
		.record({ parts: caseParts(false), parameters: operations, nonce: nonceParameter })
		.map(({ parts, parameters, nonce }) => {
			// CALLER_ROLE in a Role ID (or an item's role) is the caller's own role, as the world has it.
			const callerRole = parts.credentials.roleId.trim() || (parts.world.admin?.keyRole ?? '');
			const own = <T>(value: T) => (value === CALLER_ROLE ? callerRole : value);
			return {
				property,
				node,
				operation: [parameters.resource, parameters.operation].filter(Boolean).join('.'),
				parameters: clean({
					...parameters,
					...(parameters.roleId !== undefined && { roleId: own(parameters.roleId) }),
					...(node === 'nextAuthSessions' && { nonce }),
					options: parts.options,
				}) as INodeParameters,
				items: parts.items.map((json) => ({ ...json, role: own(json.role) })) as IDataObject[],
				continueOnFail: parts.continueOnFail,
				cancelAfterMs: parts.cancelAfterMs,
				credentials: parts.credentials,
				world: parts.world,
				server: parts.server,
			};
		});
}

const pickerCase: fc.Arbitrary<FuzzCase> = fc
	.record({
		parts: caseParts(true),
		method: fc.constantFrom('searchUsers', 'searchAccounts'),
		filter: fc.option(fc.constantFrom('al', 'BOB', '1700', 'admin', '#1', ''), { nil: undefined }),
		paginationToken: fc.option(fc.constantFrom('0', '100', '7', 'abc', '-5', '1e309'), { nil: undefined }),
		optionsServerId: fc.option(fc.constantFrom(DEFAULT_SERVER_ID, '', 'a/b'), { nil: undefined }),
	})
	.map(({ parts, method, filter, paginationToken, optionsServerId }) =>
		clean({
			property: 'pickers' as const,
			node: 'nextAuthSessions' as const,
			operation: method,
			parameters: { operation: 'provokeLoginOnUser', nonce: 'n-1', options: clean({ serverId: optionsServerId }) },
			items: [],
			continueOnFail: false,
			credentials: parts.credentials,
			world: parts.world,
			server: parts.server,
			search: clean({ filter, paginationToken }),
		}),
	);

const credentialTestCase: fc.Arbitrary<FuzzCase> = caseParts(true).map((parts) => ({
	property: 'credentialTest' as const,
	node: 'nextAuthSessions' as const,
	operation: 'credentialTest',
	parameters: {},
	items: [],
	continueOnFail: false,
	credentials: parts.credentials,
	world: parts.world,
	server: parts.server,
}));

export const CASES: Record<PropertyName, fc.Arbitrary<FuzzCase>> = {
	sessions: nodeCase('sessions', 'nextAuthSessions', sessionOperation),
	admin: nodeCase('admin', 'nextAuth', adminOperation),
	pickers: pickerCase,
	credentialTest: credentialTestCase,
};
