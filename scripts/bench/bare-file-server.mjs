/**
 * The bare file server, run as its own child process (files.mjs forks this file): the floor the
 * API's file routes are compared with, the limit of this machine. Node's own `http`, no framework:
 * a PUT streams the body to a temporary file on disk and renames it into place (as the local
 * storage driver does, so nothing half-written is ever read), a GET streams the file back. No
 * encryption, no authentication, no database.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const directory = process.env.BENCH_BARE_STORAGE_DIR;
await mkdir(directory, { recursive: true });

const server = createServer(async (request, response) => {
  const name = /^\/files\/([\w.-]+)$/.exec(request.url ?? '')?.[1];
  if (!name) {
    response.writeHead(404).end();
    return;
  }
  const path = join(directory, name);
  try {
    if (request.method === 'PUT') {
      const partial = `${path}.part`;
      try {
        await pipeline(request, createWriteStream(partial));
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      response.writeHead(201, { location: `/files/${name}` }).end();
    } else if (request.method === 'GET') {
      const { size } = await stat(path);
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
      await pipeline(createReadStream(path), response);
    } else {
      response.writeHead(405).end();
    }
  } catch {
    if (!response.headersSent) response.writeHead(500).end();
    else response.destroy();
  }
});

server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
