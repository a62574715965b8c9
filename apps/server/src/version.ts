/** The server's version, from its package.json. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? '0.0.0';
}

export const SERVER_VERSION = readVersion();
