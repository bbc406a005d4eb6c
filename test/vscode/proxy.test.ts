// With http.proxy set, the extension's API requests go through the proxy: VS Code's own fetch (which the
// client uses) applies the proxy settings. VS Code never proxies loopback targets, so the base URL names
// a host that resolves nowhere (.invalid); the loopback proxy below maps it to the fake xAI server on
// 127.0.0.1. A request that reaches the fake can only have come through the proxy, which logs it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startLoopbackProxy, type LoopbackProxy } from './loopbackProxy';
import { type ConnectionReport, fakeUrl, run, useBaseUrl, withStoredKey } from './support';

describe('http.proxy', () => {
  let proxy: LoopbackProxy;
  const http = () => vscode.workspace.getConfiguration('http');

  before(async () => {
    proxy = await startLoopbackProxy();
    await withStoredKey('xai-proxy-test-key-0014');
  });

  after(async () => {
    // The base URL first: with the proxy gone, a request still going to the .invalid host could not be
    // proxied (the harness refuses it as leaving the machine).
    await useBaseUrl(fakeUrl());
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await run('grok.clearApiKey');
    await proxy.close();
  });

  it('sends API requests through the proxy set in http.proxy', async () => {
    const port = new URL(fakeUrl()).port;
    const viaProxy = `http://grok-fake-xai.invalid:${port}/v1`;
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    await useBaseUrl(viaProxy);
    const report = await run<ConnectionReport>('grok.testConnection');
    const why = `${report.lines.join(' | ')}; proxy log: ${JSON.stringify(proxy.log)}`;
    assert.equal(report.ok, true, why);
    assert.ok(
      proxy.log.some((e) => e.target === `grok-fake-xai.invalid:${port}`),
      `the proxy saw no request for grok-fake-xai.invalid: ${why}`,
    );
  });
});
