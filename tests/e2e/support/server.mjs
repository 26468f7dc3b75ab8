// Starts `pq serve` on a free loopback port with a fresh database, for one test file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const READY = /PQ Survey is ready at (http:\/\/\S+)/;

export async function startServer() {
  const bin = process.env.PQ_BIN;
  const dist = process.env.PQ_DIST;
  if (!bin || !dist) {
    throw new Error('PQ_BIN and PQ_DIST must be set (cargo xtask test sets them)');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'pq-e2e-'));
  const child = spawn(
    bin,
    ['serve', '--addr', '127.0.0.1:0', '--dist', dist, '--database', join(dataDir, 'pq.db')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pq serve did not start:\n${log}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      log += chunk;
      const found = READY.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pq serve exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    log: () => log,
    async stop() {
      child.kill('SIGINT');
      await new Promise((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.on('exit', resolve);
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
