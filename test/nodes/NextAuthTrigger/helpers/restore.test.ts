/**
 * What each watch takes back from the stored state (`restore`): what this version wrote, what
 * version 1 wrote (the upgrade), and nothing from any other shape, so that the next poll starts
 * over rather than reading a state it does not understand. The polls themselves are run in n8n's
 * engine (NextAuthTrigger.node.test.ts, events/).
 */
import { event as accountBlockChange } from '../../../../nodes/NextAuthTrigger/events/accountBlockChange.event';
import { event as accountLogin } from '../../../../nodes/NextAuthTrigger/events/accountLogin.event';
import { event as apiKeyCreated } from '../../../../nodes/NextAuthTrigger/events/apiKeyCreated.event';
import { event as newAccount } from '../../../../nodes/NextAuthTrigger/events/newAccount.event';
import { event as permissionChange } from '../../../../nodes/NextAuthTrigger/events/permissionChange.event';
import { event as serverChange } from '../../../../nodes/NextAuthTrigger/events/serverChange.event';
import { MAX_WATCHED_KEYS } from '../../../../nodes/NextAuthTrigger/helpers/apiKeyWatch';
import { MAX_WATCHED_ROLES } from '../../../../nodes/NextAuthTrigger/helpers/permissionWatch';
import { MAX_WATCHED_FIELDS } from '../../../../nodes/NextAuthTrigger/helpers/serverWatch';

const cursor = { at: '1700000000000', ids: ['7'] };

describe('restoring the trigger state', () => {
	it('Account Blocked or Unblocked: its state, version 1 as plain ids, nothing else', () => {
		const state = { blocked: ['3', '5-7'], known: ['1-9'], highest: '9', since: '1700000000000' };
		expect(accountBlockChange.restore(state, 2)).toStrictEqual(state);
		expect(accountBlockChange.restore({ blocked: [] }, 2)).toStrictEqual({ blocked: [] });
		expect(accountBlockChange.restore({ blocked: ['7', '5', '6', 'x'] }, 1)).toStrictEqual({ blocked: ['5-7', '=x'] });
		expect(accountBlockChange.restore({ blocked: [5] }, 1)).toBeUndefined();
		expect(accountBlockChange.restore(undefined, 1)).toBeUndefined();
		for (const broken of [
			undefined,
			null,
			{},
			{ blocked: ['7-5'] },
			{ ...state, known: ['x='] },
			{ ...state, highest: 9 },
			{ ...state, highest: '' },
			{ ...state, since: 'yesterday' },
		]) {
			expect(accountBlockChange.restore(broken, 2)).toBeUndefined();
		}
	});

	it('New Account: by id or by creation time, version 1 goes on by creation time and learns the ids', () => {
		const state = { by: 'id', top: ['90-99'], cursor };
		expect(newAccount.restore(state, 2)).toStrictEqual(state);
		expect(newAccount.restore({ ...state, by: 'created' }, 2)).toStrictEqual({ ...state, by: 'created' });
		expect(newAccount.restore({ ...state, learnIds: true }, 2)).toStrictEqual({ ...state, learnIds: true });
		expect(newAccount.restore({ ...state, learnIds: 'yes' }, 2)).toStrictEqual(state);
		expect(newAccount.restore({ cursor }, 1)).toStrictEqual({ by: 'created', top: [], cursor, learnIds: true });
		expect(newAccount.restore({ cursor: { at: 'x', ids: [] } }, 1)).toBeUndefined();
		for (const broken of [
			undefined,
			{},
			{ ...state, by: 'time' },
			{ ...state, top: ['9-1'] },
			{ ...state, top: undefined },
			{ ...state, cursor: null },
		]) {
			expect(newAccount.restore(broken, 2)).toBeUndefined();
		}
	});

	it('Account Login: the cursor and, with filters, the server time of the read', () => {
		expect(accountLogin.restore({ cursor }, 2)).toStrictEqual({ cursor });
		expect(accountLogin.restore({ cursor, since: '1700000000000' }, 2)).toStrictEqual({
			cursor,
			since: '1700000000000',
		});
		expect(accountLogin.restore({ cursor }, 1)).toStrictEqual({ cursor });
		expect(accountLogin.restore({ cursor, extra: 1 }, 2)).toStrictEqual({ cursor });
		for (const broken of [
			undefined,
			{},
			{ cursor: { at: 5, ids: [] } },
			{ cursor, since: 'later' },
			{ cursor, since: '0' },
		]) {
			expect(accountLogin.restore(broken, 2)).toBeUndefined();
		}
	});
});

describe('restoring the security-watch states', () => {
	const salt = 'c2FsdC1vZi10aGUtd2F0Y2';
	const hash = 'aGFzaC1vZi1hLWtleS0wMD';

	it('Permission Changed: a list of [role, acl] pairs, at most 10,000', () => {
		const state = {
			roles: [
				['role-a', 'sessions,users'],
				['ro+le/x=', ''],
			],
		};
		expect(permissionChange.restore(state, 2)).toStrictEqual(state);
		expect(permissionChange.restore({ roles: [] }, 2)).toStrictEqual({ roles: [] });
		const many = Array.from({ length: MAX_WATCHED_ROLES }, (_, n) => [`r${n}`, 'sessions']);
		expect(permissionChange.restore({ roles: many }, 2)).toStrictEqual({ roles: many });
		for (const broken of [
			undefined,
			{},
			{ roles: 'role-a' },
			{ roles: [['role-a']] },
			{ roles: [['role-a', 'x', 'y']] },
			{ roles: [[1, 'sessions']] },
			{ roles: [['role-a', 1]] },
			{ roles: ['role-a', 'sessions'] },
			{ roles: [...many, ['one-more', '']] },
		]) {
			expect(permissionChange.restore(broken, 2)).toBeUndefined();
		}
	});

	it('New API Key: a salt and hashes of 22 base64url characters, never anything longer (a key)', () => {
		const state = { salt, seen: [hash] };
		expect(apiKeyCreated.restore(state, 2)).toStrictEqual(state);
		expect(apiKeyCreated.restore({ salt, seen: [] }, 2)).toStrictEqual({ salt, seen: [] });
		const many = Array.from({ length: MAX_WATCHED_KEYS }, () => hash);
		expect(apiKeyCreated.restore({ salt, seen: many }, 2)).toStrictEqual({ salt, seen: many });
		for (const broken of [
			undefined,
			{ seen: [hash] },
			{ salt: '', seen: [hash] },
			{ salt: `${salt}x`, seen: [hash] },
			{ salt: 7, seen: [hash] },
			{ salt, seen: hash },
			{ salt, seen: [hash, 'sim-key-all'] },
			{ salt, seen: [`${hash}=`] },
			{ salt, seen: [hash, 7] },
			{ salt, seen: [...many, hash] },
		]) {
			expect(apiKeyCreated.restore(broken, 2)).toBeUndefined();
		}
	});

	it('Server Settings Changed: [field, kept] pairs, each JSON text or a hash, at most 200', () => {
		const state = {
			fields: [
				['pinTimeout', 'j:5'],
				['logo', 'h:abc'],
				['serverFlags', 'j:["nopin"]'],
			],
		};
		expect(serverChange.restore(state, 2)).toStrictEqual(state);
		const many = Array.from({ length: MAX_WATCHED_FIELDS }, (_, n) => [`f${n}`, 'j:1']);
		expect(serverChange.restore({ fields: many }, 2)).toStrictEqual({ fields: many });
		for (const broken of [
			undefined,
			{ fields: {} },
			{ fields: [['pinTimeout', '5']] },
			{ fields: [['pinTimeout', 'j:{']] },
			{ fields: [['pinTimeout', 'x:5']] },
			{ fields: [['pinTimeout', 5]] },
			{ fields: [[5, 'j:5']] },
			{ fields: [['pinTimeout']] },
			{ fields: [...many, ['one-more', 'j:1']] },
		]) {
			expect(serverChange.restore(broken, 2)).toBeUndefined();
		}
	});
});
