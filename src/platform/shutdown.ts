// Work that must finish before the extension host goes away (history writes still queued when the window
// closes). Registered by the features that own it; deactivate() waits for all of it.
const hooks: Array<() => Promise<void>> = [];

export function onShutdown(hook: () => Promise<void>): void {
  hooks.push(hook);
}

export async function runShutdownHooks(): Promise<void> {
  await Promise.all(hooks.splice(0).map((hook) => hook().catch(() => undefined)));
}
