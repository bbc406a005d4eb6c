// Which model a request goes to. grok.model set: that one. Unset: the newest general Grok chat model
// the server lists (never a hard-coded id, which would go stale as models retire; image and video
// generators and the code-only models are not offered for chat). Shared by the chat and the editor.
import { readConfig } from './config';
import { t } from './localise';
import { createClient } from './clientFactory';
import { ModelCatalog, newestChatModel } from './modelCatalog';

export { newestChatModel };

let shared: ModelCatalog | undefined;

/** The live model list, cached, one for the whole extension (the chat's picker, prices, the default model). */
export function sharedModels(): ModelCatalog {
  shared ??= new ModelCatalog((signal) => createClient().listModels({ signal }));
  return shared;
}

/**
 * The model requests go to now, without loading anything: grok.model, else the newest chat model in the
 * list as last loaded (`newest`); an empty id while neither is known.
 */
export function modelInUse(configured = readConfig().model): { id: string; newest: boolean } {
  if (configured) return { id: configured, newest: false };
  return { id: newestChatModel(sharedModels().models) ?? '', newest: true };
}

/** The model to ask: grok.model, else the newest the server lists; undefined when neither is known. */
export async function effectiveModel(configured = readConfig().model): Promise<string | undefined> {
  if (configured) return configured;
  const catalog = sharedModels();
  const models = await catalog.refresh().catch(() => catalog.models);
  return newestChatModel(models);
}

/** Said when no model is set and the server's list cannot name one. */
export const noModelMessage = (): string => t('No model is chosen ({0} is empty) and the server\'s model list did not name a chat model. Choose one.', 'grok.model');
