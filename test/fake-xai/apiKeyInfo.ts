// GET /v1/api-key: what xAI says about the calling key. Clients use it to validate a key without
// spending tokens, so the redacted key is derived from the key actually sent.

export interface ApiKeyInfo {
  redacted_api_key: string;
  user_id: string;
  name: string;
  create_time: string;
  modify_time: string;
  modified_by: string;
  team_id: string;
  acls: string[];
  api_key_id: string;
  team_blocked: boolean;
  api_key_blocked: boolean;
  api_key_disabled: boolean;
}

/** xAI shows the prefix and the last 4 characters (e.g. `xai-...b14o`). */
export function redactKey(key: string): string {
  const prefix = key.startsWith('xai-') ? 'xai-' : '';
  return `${prefix}...${key.slice(-4)}`;
}

export function apiKeyInfo(key: string): ApiKeyInfo {
  return {
    redacted_api_key: redactKey(key),
    user_id: '59fbe5f2-040b-46d5-8325-868bb8f23eb2',
    name: 'fake-xai test key',
    create_time: '2026-01-05T12:55:18.139305Z',
    modify_time: '2026-03-02T17:20:12.343321Z',
    modified_by: '3d38b4dc-4eb7-4785-ae26-c3fa8997ffc7',
    team_id: '5ea6f6bd-7815-4b8a-9135-28b2d7ba6722',
    acls: ['api-key:model:*', 'api-key:endpoint:*'],
    api_key_id: 'ae1e1841-4326-4b36-a8a9-8a1a7237db11',
    team_blocked: false,
    api_key_blocked: false,
    api_key_disabled: false,
  };
}
