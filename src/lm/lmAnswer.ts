// What answering a language model request needs (mapping the messages, the request and its stream, the
// cost), in one module that grokChatProvider.ts imports only with import(): the bundler puts it in a chunk
// loaded the first time something asks a Grok model, not when VS Code lists the models at start-up.
export { LmInputError, mapMessages, promptCacheKey } from './lmMessages';
export { textForCount, toLmMessages } from './lmParts';
export { ApiMemory, LmRequestError, runLmRequest } from './lmRequest';
export { recordLmCost } from './lmCost';
