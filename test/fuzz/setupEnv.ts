// The fuzz's cases fail on purpose by the thousand: n8n's logger would print each node error.
process.env.N8N_LOG_LEVEL ??= 'silent';
