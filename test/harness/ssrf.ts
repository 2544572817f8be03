/**
 * n8n's SSRF protection for engine tests, set the way an admin sets it: N8N_SSRF_* in the
 * environment. n8n reads them once, when its SsrfProtectionConfig is first created, so the config,
 * the service built from it and the outbound HTTP layer holding that service are dropped from
 * n8n's container after each change, and made again from the new environment on next use.
 */
import { OutboundHttp, SsrfProtectionService } from '@n8n/backend-network';
import { SsrfProtectionConfig } from '@n8n/config';
import { Container } from '@n8n/di';

export interface SsrfSettings {
	enabled: boolean;
	blockedIpRanges?: string;
	allowedIpRanges?: string;
	allowedHostnames?: string;
	blockedHostnames?: string;
}

const VARIABLES: Record<Exclude<keyof SsrfSettings, 'enabled'>, string> = {
	blockedIpRanges: 'N8N_SSRF_BLOCKED_IP_RANGES',
	allowedIpRanges: 'N8N_SSRF_ALLOWED_IP_RANGES',
	allowedHostnames: 'N8N_SSRF_ALLOWED_HOSTNAMES',
	blockedHostnames: 'N8N_SSRF_BLOCKED_HOSTNAMES',
};

export function setSsrfProtection(settings: SsrfSettings): void {
	process.env.N8N_SSRF_PROTECTION_ENABLED = String(settings.enabled);
	for (const [name, variable] of Object.entries(VARIABLES)) {
		const value = settings[name as keyof typeof VARIABLES];
		if (value === undefined) delete process.env[variable];
		else process.env[variable] = value;
	}
	Container.set(OutboundHttp, undefined as never);
	Container.set(SsrfProtectionService, undefined as never);
	Container.set(SsrfProtectionConfig, undefined as never);
}
