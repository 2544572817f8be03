/**
 * What one fuzz case is: plain JSON (so a shrunk case can be printed, stored in regressions.json
 * and replayed as it is), with nothing in it that depends on the run (ports are filled in when
 * the case runs).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

/** The properties the fuzz checks; each has its own generators and its own seeds' runs. */
export type PropertyName = 'sessions' | 'admin' | 'pickers' | 'credentialTest';
export const PROPERTIES: PropertyName[] = ['sessions', 'admin', 'pickers', 'credentialTest'];

/** The forms in which an answer may carry the API key (echo behaviours; secrets.ts encodeEcho writes them). */
export type EchoForm =
	| 'plain'
	| 'json-slash' // `/` written as `\/` (PHP's default)
	| 'json-unicode' // every character as \u00XX
	| 'json-unicode-some' // some characters as \u00XX
	| 'pct-upper'
	| 'pct-lower'
	| 'pct-some' // only some characters percent-encoded
	| 'pct-twice' // percent-encoded, then the `%` of that again (`%254B`)
	| 'pct-in-json' // percent-encoded, each character of that as \u00XX
	| 'html-decimal' // `&#75;`
	| 'html-hex' // `&#x4b;`, `&#X4b;`
	| 'html-named' // `&sol;`, `&plus;`, `&equals;`… where a character has a name, `&#NN;` otherwise
	| 'html-no-semicolon' // `&#75&#69`
	| 'html-escaped' // what an HTML template writes: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`
	| 'html-twice' // `&amp;#75;`
	| 'html-pct' // percent-encoded, some `%` as `&percnt;` (a link in a web page)
	| 'hex-lower'
	| 'hex-upper'
	| 'base64'
	| 'base64url'
	| 'base64-unpadded'
	| 'base64-basic' // `Basic ` and the base64 of `user:KEY`
	| 'base64-inner'; // the base64 of `key KEY\n`: the key one byte into the blob

export interface Echo {
	form: EchoForm;
	/** The whole string value, or inside a sentence. */
	whole: boolean;
	/** What is echoed: the Role ID rather than the API key (as a whole value: all the package hides of it). */
	secret?: 'role';
	/** In a 200 JSON answer: as the name of a field rather than its value. */
	name?: boolean;
	/**
	 * In a header the package shows, rather than the body: a redirect's Location (its host, which
	 * the error names) or a Content-Encoding it cannot decode (which the error quotes, in lower case).
	 */
	header?: 'location' | 'content-encoding';
	/**
	 * In a 200 JSON answer: as the value of this field of the answer's first entry (or of the answer
	 * itself), where it has one (a listed key's `apikey`, a permission's `role`, a server's
	 * `owner`…), rather than in a field of its own.
	 */
	into?: EchoField;
}

/** The fields of the administration's answers an echo may take the place of (Echo.into). */
export const ECHO_FIELDS = ['apikey', 'role', 'description', 'acl', 'owner', 'serverName'] as const;
export type EchoField = (typeof ECHO_FIELDS)[number];

/** What a body of an injected answer holds. */
export type BodyKind =
	'empty' | 'json-message' | 'text' | 'html' | 'garbage' | 'echo-json' | 'echo-text' | 'echo-html' | 'echo-json-error';

/** Where a 3xx points. */
export type LocationKind = 'foreign' | 'foreign-userinfo' | 'same-origin' | 'relative' | 'garbage' | 'none';

/** What the server does with one request. Every kind that answers keeps the request's effect on the world unless said. */
export type Behaviour =
	/** The simulator's own answer. */
	| { do: 'real' }
	/** The simulator's own answer, after a delay (before the status line). */
	| { do: 'delay'; ms: number }
	/**
	 * An answer of the fuzz's making. `acted`: the request took effect first (a push sent, a
	 * transaction made) and only then the answer went wrong — the 503 after a push.
	 */
	| {
			do: 'status';
			status: number;
			body: BodyKind;
			contentType: string;
			/** As sent, except `date:+MS` / `date:-MS`: an HTTP date that far from the moment of answering. */
			retryAfter?: string;
			location?: LocationKind;
			echo?: Echo;
			acted: boolean;
	  }
	/** The connection is closed once the request has arrived, before any answer byte. */
	| { do: 'reset'; acted: boolean }
	/** No answer ever (until the client gives up). */
	| { do: 'stall' }
	/** The real answer, cut: after the headers, or half way through the body; `graceful`: FIN rather than RST. */
	| { do: 'cut'; at: 'headers' | 'mid-body'; graceful: boolean }
	/** The real answer compressed; `labelled`: with the Content-Encoding header (without it the bytes are just wrong). */
	| { do: 'encode'; encoding: 'gzip' | 'deflate' | 'br'; labelled: boolean }
	/**
	 * The real answer rewritten: a byte-order mark before JSON, the API key echoed into a string,
	 * ids above 2^53, another Content-Type.
	 */
	| {
			do: 'rewrite';
			bom: boolean;
			/** In a JSON answer as Echo says; in a web page (the HTML blocks) in an attribute or a sentence. */
			echo?: Echo;
			bigIds: boolean;
			/** Every string of the first entry (or of the answer) wrapped in a list: `"x"` becomes `["x"]`. */
			wrap?: boolean;
			contentType?: string;
	  }
	/** A 200 of `bytes` bytes, announced in Content-Length or not (the simulator's 'huge' fault). */
	| { do: 'huge'; bytes: number; announced: boolean }
	/** `200 text/html`: a web console or captive portal at the Base URL. */
	| { do: 'html' };

/** How list answers lie about paging, for every list request of the case. */
export type PagingLie =
	| 'honest'
	| 'ignore-marker' // always the first page, true total
	| 'ignore-marker-no-total' // always the first page, no total
	| 'inflate-total' // the right page, a total far above the truth
	| 'fat-rows'; // every entry carries a large extra field

export interface ServerSpec {
	/** Request n of the case (in arrival order) gets script[n]; later requests get `rest`. */
	script: Behaviour[];
	rest: Behaviour;
	/** Closes a kept-alive connection this long after its last answer, announcing no Keep-Alive timeout. */
	idleCloseMs?: number;
	paging: PagingLie;
	/** Every answer of the simulator that succeeds echoes the secret as a rewrite would (a server that reflects it everywhere). */
	echo?: Echo;
}

export interface WorldSpec {
	/** The server id the simulator knows; empty: the credential's (trimmed), or the default when that is empty too. */
	serverId: string;
	/** Permissions of the API key's own role (and of the Role ID's role, when one is set). */
	permissions: string[];
	/** The simulator's largest page. */
	maxPageSize: number;
	users: Array<{ userid: string; lastlogin?: number }>;
	accounts: Array<{
		id: number;
		description: string;
		userid?: string;
		blocked?: boolean;
		created?: number;
		lastlogin?: number;
	}>;
	/** That many more accounts, ids from 1000 on (the simulator's addBulkAccounts): a world to page through. */
	bulkAccounts: number;
	sessions: Array<{ nonce: string; loggedin: boolean; canprovoke: boolean; confirmAfterPolls?: number }>;
	transactions: Array<{ tid: string; nonce: string; tstatus: string }>;
	/** How transactions made during the case get decided. */
	decision: { decision: 'approve' | 'decline' | 'never' | 'status'; afterPolls: number; tstatus?: string };
	/** The tenant's administration; absent in cases older than it (regressions.json): an empty tenant. */
	admin?: AdminWorld;
}

/** Written for a role in AdminWorld: the caller's own role (the credential's Role ID, or the key's role without one). */
export const CALLER_ROLE = '{caller role}';

/** The tenant around the world's server: servers, roles, API keys, users' roles, attributes at every level. */
export interface AdminWorld {
	/** Global permissions of the API key (and of the Role ID's role): servers, createserver, root. */
	global: string[];
	/** The key's own role: what a key it creates is created by, when no Role ID is set. */
	keyRole: string;
	/** The world server's settings (the Server object without its id and account count). */
	settings: IDataObject;
	/** More servers of the tenant, after the world's (Get Many pages through them); they do not hold the key. */
	servers: Array<{ serverid: string; serverName: string; owner: string }>;
	/** Roles with permissions on the world's server, besides the Role ID's. */
	roles: Array<{ role: string; permissions: string[] }>;
	/** API keys the caller's role created, listed by GET /apikeys/. */
	apiKeys: Array<{ apikey: string; description: string; role: string }>;
	/** The credential's own key was created by the caller's role too: the list holds it. */
	ownKeyListed: boolean;
	/** Roles of users of the world, by user id. */
	userRoles: Record<string, string>;
	/** The server's own, privileged and global attributes, and some users' attributes (by user id). */
	attributes: {
		server: Record<string, string>;
		privileged: Record<string, string>;
		global: Record<string, string>;
		users: Record<string, Record<string, string>>;
	};
}

export interface BaseUrlSpec {
	/** `user:password`, put before the host (may be unparsable on purpose). */
	userinfo: string;
	/** A path prefix, e.g. `/api/v2`. */
	prefix: string;
	trailingSlash: boolean;
}

export interface CredentialSpec {
	/** As typed in the credential (may have spaces around it). */
	apiKey: string;
	roleId: string;
	serverId: string;
	baseUrl: BaseUrlSpec;
}

export interface FuzzCase {
	property: PropertyName;
	node: 'nextAuthSessions' | 'nextAuth';
	/** The operation (with `resource` for NextAuth), or the list-search method, or 'credentialTest'. */
	operation: string;
	parameters: INodeParameters;
	/** The input items' json. */
	items: IDataObject[];
	continueOnFail: boolean;
	/** n8n's stop button, this long after the start. */
	cancelAfterMs?: number;
	credentials: CredentialSpec;
	world: WorldSpec;
	server: ServerSpec;
	/** For the pickers: the typed filter and the pagination token n8n hands back. */
	search?: { filter?: string; paginationToken?: string };
}

/** One broken promise, by class (what kind) and detail (this instance). */
export interface Violation {
	/** e.g. `key-leak:output`, `time-bound`, `contract:accept-encoding`. */
	cls: string;
	detail: string;
}

/** The simulator's server id in `fuzzCase` (see WorldSpec.serverId). */
export function worldServerId(fuzzCase: FuzzCase): string {
	return fuzzCase.world.serverId || fuzzCase.credentials.serverId.trim() || 'sim+Server/0001=';
}
