// What the chat needs to run an Ask or Agent task, in one module that chatController.ts imports only with
// import(): the bundler puts it, and everything only it needs (the tools, the Grok terminal, checkpoints,
// the loop), in chunks loaded the first time a task runs, so a window that only chats never parses them
// (see esbuild.js).
export { AgentService } from '../agent/agentService';
export { CheckpointStore } from '../agent/checkpoints';
export { agentInstructions } from '../agent/projectRules';
export { AgentTurn } from './agentTurn';
