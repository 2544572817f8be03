/**
 * The NextAuth node's resources, in the order of the Resource picker: the one map the node's
 * description, subtitle and router are made from.
 */
import type { ResourceModule } from '../../shared/actions/resource';
import { account } from './account/Account.resource';
import { apiKey } from './apiKey/ApiKey.resource';
import { global } from './global/Global.resource';
import { permission } from './permission/Permission.resource';
import { server } from './server/Server.resource';
import { user } from './user/User.resource';

export const resources: Record<string, ResourceModule> = { account, apiKey, global, permission, server, user };

export const DEFAULT_RESOURCE = 'account';
