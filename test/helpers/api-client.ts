import { WebSocket } from 'ws';
import type { EventMessage, ResponseMessage } from '../../shared/contract';

/** Talks to a running `npm run web` over its WebSocket, as the renderer does. */
export interface ApiClient {
  call<T>(method: string, args: unknown): Promise<T>;
  events: EventMessage[];
  close(): void;
}

export async function connectApi(url: string): Promise<ApiClient> {
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(`ws://${parsed.host}/api`, ['tidings', `token.${token}`], { headers: { Origin: `http://${parsed.host}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (message: ResponseMessage) => void>();
  const events: EventMessage[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as ResponseMessage | EventMessage;
    if ('event' in message) events.push(message);
    else pending.get(message.id)?.(message);
  });
  return {
    events,
    call<T>(method: string, args: unknown): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, (message) => {
          pending.delete(id);
          if (message.ok) resolve(message.result as T);
          else reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
        });
        ws.send(JSON.stringify({ id, method, args }));
      });
    },
    close: () => ws.close(),
  };
}
