import { closeSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RotatingFile } from '../../main/base/log/rotating-file';

// The log file after a failed write (a full disk, a descriptor gone): it must
// come back by itself, saying how many lines were lost, instead of staying
// silent until the app restarts. The failure is real: the file's descriptor is
// closed behind the logger's back (found through /proc/self/fd), so its next
// write fails with EBADF as a write to a full disk fails with ENOSPC.

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function closeDescriptorOf(path: string): void {
  for (const fd of readdirSync('/proc/self/fd')) {
    let target = '';
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the descriptor readdir itself used
    }
    if (target === path) closeSync(Number(fd));
  }
}

describe.runIf(process.platform === 'linux')('RotatingFile after a failed write', () => {
  it('drops lines for a while, then writes again with a note of how many were dropped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-log-'));
    dirs.push(dir);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.useFakeTimers({ toFake: ['Date'] });
    const file = new RotatingFile({ dir, name: 'core', maxBytes: 1_000_000, keep: 1, retryMs: 30_000 });
    file.write('one\n');
    closeDescriptorOf(file.path);
    file.write('two\n'); // fails: the pause begins (the line stays in the writer's buffer)
    file.write('three\n');
    file.write('four\n');
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0]?.[0])).toContain('could not write');
    expect(readFileSync(file.path, 'utf8')).toBe('one\n');

    vi.setSystemTime(Date.now() + 31_000);
    file.write('five\n');
    const lines = readFileSync(file.path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('one');
    expect(lines[1]).toBe('two');
    expect(JSON.parse(lines[2] ?? '{}').msg).toBe('2 log line(s) dropped: the log file could not be written');
    expect(lines[3]).toBe('five');
    expect(lines).toHaveLength(4);
    file.close();
  });
});
