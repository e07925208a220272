/** A real `panelql serve` process on 127.0.0.1 with port 0, and small HTTP helpers. */
import type { ChildProcess } from 'node:child_process';
import { collect, start, waitFor, type RunResult } from '../cli/helpers.js';

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<RunResult>;
}

export async function startServer(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<ServerProcess> {
  const child = start(['serve', '--port', '0', ...args], { env });
  const done = collect(child, 600_000);
  const m = await waitFor(child, 'stderr', /listening on (http:\/\/127\.0\.0\.1:\d+)/, 90_000);
  return {
    url: m[1],
    child,
    async stop() {
      child.kill('SIGTERM');
      return done;
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

export async function request(url: string, init: RequestInit & { key?: string } = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function post(url: string, body: unknown, key?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return request(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), key, headers });
}
