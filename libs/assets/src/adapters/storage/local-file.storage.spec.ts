import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { readAll, streamOf } from '../../../../../test/support/byte-streams';
import { StoredObjectNotFoundError } from '../../service_layer/ports/file-storage.port';
import { LocalFileStorage } from './local-file.storage';
import { InvalidStorageKeyError } from './storage-arguments';

/** What only the local driver can be asked: where its files go, and that none goes elsewhere. */
describe('LocalFileStorage', () => {
  let scratch: string;
  let root: string;
  let storage: LocalFileStorage;

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'keepem-local-storage-'));
    root = join(scratch, 'storage');
    storage = new LocalFileStorage(root);
  });
  afterEach(() => rm(scratch, { recursive: true, force: true }));

  it('makes its directory and a key’s subdirectories on the first write, and keeps the object as a file there', async () => {
    await storage.write('abcd/abcd1234.enc', streamOf(Buffer.from('ciphertext')));

    expect(await readFile(join(root, 'abcd', 'abcd1234.enc'), 'utf8')).toBe('ciphertext');
  });

  it.each(['../outside.enc', 'abcd/../../outside.enc', `${'../'.repeat(20)}tmp/outside.enc`, '/tmp/outside.enc', '..\\outside.enc'])(
    'writes nothing outside its directory for the key %j',
    async (key) => {
      await mkdir(root);

      await expect(storage.write(key, streamOf(Buffer.from('escaped')))).rejects.toThrow(InvalidStorageKeyError);

      expect(await readdir(scratch, { recursive: true })).toEqual(['storage']);
    },
  );

  it('reads, sizes and deletes nothing outside its directory', async () => {
    await mkdir(root);
    await writeFile(join(scratch, 'secret.enc'), 'not yours');

    for (const key of ['../secret.enc', 'x/../../secret.enc', join(scratch, 'secret.enc')]) {
      await expect(storage.read(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.sizeOf(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.delete(key)).rejects.toThrow(InvalidStorageKeyError);
    }
    expect(await readFile(join(scratch, 'secret.enc'), 'utf8')).toBe('not yours');
  });

  it('keeps a write in a hidden file until it is complete: readers see the previous object meanwhile', async () => {
    await storage.write('abcd/abcd1234.enc', streamOf(Buffer.from('previous')));
    const source = new PassThrough();

    const writing = storage.write('abcd/abcd1234.enc', source);
    source.write(Buffer.from('new '));
    await waitFor(async () => (await readdir(join(root, 'abcd'))).length === 2);

    const temporary = (await readdir(join(root, 'abcd'))).find((name) => name !== 'abcd1234.enc');
    expect(temporary).toMatch(/^\.abcd1234\.enc\.[0-9a-f-]{36}\.partial$/);
    expect((await readAll(await storage.read('abcd/abcd1234.enc'))).toString()).toBe('previous');
    expect(await storage.sizeOf('abcd/abcd1234.enc')).toBe('previous'.length);

    source.end(Buffer.from('content'));
    expect(await writing).toEqual({ sizeBytes: 'new content'.length });
    expect(await readdir(join(root, 'abcd'))).toEqual(['abcd1234.enc']);
    expect((await readAll(await storage.read('abcd/abcd1234.enc'))).toString()).toBe('new content');
  });

  it('leaves no temporary file behind sources that fail at once, before the file is even open', async () => {
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const failing = new Readable({ read: () => failing.destroy(new Error('the source failed')) });
      await expect(storage.write('abcd/abcd1234.enc', failing)).rejects.toThrow('the source failed');
    }

    expect(await readdir(join(root, 'abcd'))).toEqual([]);
  });

  it('goes on streaming the file it opened when a write replaces it', async () => {
    await storage.write('abcd/abcd1234.enc', streamOf(Buffer.from('previous')));
    const reading = await storage.read('abcd/abcd1234.enc');

    await storage.write('abcd/abcd1234.enc', streamOf(Buffer.from('replacement')));

    expect((await readAll(reading)).toString()).toBe('previous');
  });

  it('knows no object where a key names a directory', async () => {
    await storage.write('abcd/abcd1234.enc', streamOf(Buffer.from('x')));

    await expect(storage.read('abcd')).rejects.toThrow(StoredObjectNotFoundError);
    expect(await storage.sizeOf('abcd')).toBeNull();
    expect(await storage.sizeOf('abcd/abcd1234.enc/deeper')).toBeNull();
  });

  it('is ready when it can write in its directory, which it makes, and leaves nothing there', async () => {
    await expect(storage.check()).resolves.toBeUndefined();

    expect(await readdir(root)).toEqual([]);
  });

  it('is not ready when its directory cannot be made, even for root', async () => {
    await writeFile(join(scratch, 'a-file'), '');

    await expect(new LocalFileStorage(join(scratch, 'a-file', 'storage')).check()).rejects.toThrow(/ENOTDIR|EEXIST/);
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200 && !(await condition()); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
