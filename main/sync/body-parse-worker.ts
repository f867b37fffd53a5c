import { parentPort } from 'node:worker_threads';
import { toBodyRecord } from './body-record';

// Runs in a worker thread: parses raw messages for the store (snippet, index
// text) so that parsing, the heaviest part of downloading mail, runs beside
// the IMAP connection and SQLite instead of on the same thread.

parentPort?.on('message', async (request: { id: number; raw: Uint8Array }) => {
  try {
    const { raw: _raw, ...fields } = await toBodyRecord(Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength));
    parentPort?.postMessage({ id: request.id, ok: true, fields });
  } catch (error) {
    parentPort?.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
