import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ByteRange, type FileStorage, StoredObjectNotFoundError } from '../../service_layer/ports/file-storage.port';
import { checkByteRange, checkStorageKey, InvalidStorageKeyError, rangeNotSatisfiable } from './storage-arguments';

/** The errors that mean "no object at this key": nothing there, or a path through a file. */
const ABSENT = new Set(['ENOENT', 'ENOTDIR']);
const isAbsent = (error: unknown) => ABSENT.has((error as NodeJS.ErrnoException)?.code ?? '');

/**
 * Objects as files under one directory (STORAGE_DIR), a key's segments as subdirectories. A write
 * streams into a hidden temporary file beside its target (`.<name>.<uuid>.partial`), flushed to
 * disk, then renamed over the target: readers see the old object or the new one, never a part, and
 * two racing writes leave one of them whole. A write that fails or whose source is destroyed removes
 * its temporary file, and destroys the source.
 *
 * A process killed mid-write leaves its temporary file behind: never read, safe to delete.
 */
export class LocalFileStorage implements FileStorage {
  private readonly root: string;
  private readonly inside: string;

  constructor(directory: string) {
    this.root = resolve(directory);
    this.inside = this.root.endsWith(sep) ? this.root : this.root + sep;
  }

  async write(key: string, content: Readable): Promise<{ sizeBytes: number }> {
    try {
      const target = this.pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const temporary = join(dirname(target), `.${basename(target)}.${randomUUID()}.partial`);
      // `wx`: a fresh file of this write's own; `flush`: on disk before it replaces the target.
      const file = createWriteStream(temporary, { flags: 'wx', flush: true });
      try {
        await pipeline(content, file);
        await rename(temporary, target);
      } catch (error) {
        // A source that fails at once can beat the file's opening: removed before it is closed, it would be made after.
        if (!file.closed) {
          await new Promise<void>((closed) => file.once('close', () => closed()));
        }
        await rm(temporary, { force: true });
        throw error;
      }
      return { sizeBytes: file.bytesWritten };
    } catch (error) {
      content.destroy();
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    checkByteRange(range);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw isAbsent(error) ? new StoredObjectNotFoundError(key) : error;
    }
    try {
      // Open first, then stream: a write renamed over the file meanwhile does not change what is read.
      const found = await handle.stat();
      if (!found.isFile()) {
        throw new StoredObjectNotFoundError(key);
      }
      if (range && range.start >= found.size) {
        throw rangeNotSatisfiable(key, range);
      }
      return handle.createReadStream({ start: range?.start, end: range?.end });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async sizeOf(key: string): Promise<number | null> {
    try {
      const found = await stat(this.pathOf(key));
      return found.isFile() ? found.size : null;
    } catch (error) {
      if (isAbsent(error)) {
        return null;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (!isAbsent(error)) {
        throw error;
      }
    }
  }

  /** Creates the directory if need be and writes and removes a file in it: root can write where permissions say no. */
  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const probe = join(this.root, `.ready-${randomUUID()}`);
    try {
      await writeFile(probe, '');
    } finally {
      await rm(probe, { force: true });
    }
  }

  private pathOf(key: string): string {
    const path = join(this.root, ...checkStorageKey(key).split('/'));
    // Cannot fail after checkStorageKey; kept so that a later change to the key rules cannot open a way out.
    if (!path.startsWith(this.inside)) {
      throw new InvalidStorageKeyError(key);
    }
    return path;
  }
}
