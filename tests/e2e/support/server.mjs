// Starts `pq serve` on a free loopback port with a fresh database, for one test file.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const READY = /PQ Survey is ready at (http:\/\/\S+)/;

// Runs `pq serve` on `addr` until it says it is ready; resolves to the child and its URL.
async function launch(bin, dist, addr, database, extraArgs = []) {
  const child = spawn(
    bin,
    ['serve', '--addr', addr, '--dist', dist, '--database', database, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const run = { child, log: '' };
  child.stderr.on('data', (chunk) => { run.log += chunk; });
  run.url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pq serve did not start:\n${run.log}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      run.log += chunk;
      const found = READY.exec(run.log);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pq serve exited with ${code}:\n${run.log}`));
    });
  });
  return run;
}

async function terminate(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

// `extraArgs`: more `pq serve` options (e.g. `['--allow-origin', 'http://localhost:8081']`).
export async function startServer({ extraArgs = [] } = {}) {
  const bin = process.env.PQ_BIN;
  const dist = process.env.PQ_DIST;
  if (!bin || !dist) {
    throw new Error('PQ_BIN and PQ_DIST must be set (cargo xtask test sets them)');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'pq-e2e-'));
  const database = join(dataDir, 'pq.db');
  let run = await launch(bin, dist, '127.0.0.1:0', database, extraArgs);
  let earlierLogs = '';
  const url = run.url;
  return {
    url,
    // The server's SQLite file, for `pq` commands on the same data (publish, tokens, export).
    database,
    log: () => earlierLogs + run.log,
    // Runs a `pq` command on this server's database; returns its standard output.
    pq: (...args) => execFileSync(bin, [...args, '--database', database], { encoding: 'utf8' }),
    // Stops the server and keeps its database, for `restart()` (the network "goes away").
    async halt() {
      await terminate(run.child);
    },
    // Starts the server again on the same address and database, after `halt()`; with
    // `{ dist }`, serving another build (a new release of the app).
    async restart(options = {}) {
      await terminate(run.child);
      earlierLogs += run.log;
      run = await launch(bin, options.dist ?? dist, new URL(url).host, database, extraArgs);
    },
    async stop() {
      await terminate(run.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
