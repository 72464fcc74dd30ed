import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { KeyEncryptionKeys } from '../../assets.config';
import { DataKeyError, type WrappedDataKey } from '../../service_layer/ports/data-keys.port';
import { AesGcmDataKeyWrapper } from './aes-gcm-data-key.wrapper';

const OLD_KEK = randomBytes(32);
const NEW_KEK = randomBytes(32);

function keyring(current: string, keys: Record<string, Buffer>): KeyEncryptionKeys {
  return { current, keys: new Map(Object.entries(keys)) };
}

describe('AesGcmDataKeyWrapper', () => {
  const before = new AesGcmDataKeyWrapper(keyring('old', { old: OLD_KEK }));
  const during = new AesGcmDataKeyWrapper(keyring('new', { new: NEW_KEK, old: OLD_KEK }));
  const after = new AesGcmDataKeyWrapper(keyring('new', { new: NEW_KEK }));

  it('makes a new random 256-bit key each time, wrapped with the current KEK, never in clear', () => {
    const first = before.generate();
    const second = before.generate();

    expect(first).toEqual({ algorithm: 'aes-256-gcm', keyId: 'old', wrapped: expect.any(String) });
    expect(Buffer.from(first.wrapped, 'base64')).toHaveLength(12 + 32 + 16);
    const key = before.unwrap(first);
    expect(key).toHaveLength(32);
    expect(key.equals(before.unwrap(second))).toBe(false);
    expect(Buffer.from(first.wrapped, 'base64').includes(key)).toBe(false);
  });

  it('tells whether a key is wrapped with the current KEK', () => {
    const wrapped = before.generate();

    expect(before.isCurrent(wrapped)).toBe(true);
    expect(during.isCurrent(wrapped)).toBe(false);
    expect(during.isCurrent(during.generate())).toBe(true);
    expect(during.isCurrent({ ...during.generate(), algorithm: 'chacha20-poly1305' })).toBe(false);
  });

  it('re-wraps a key with the new KEK while the old one is still listed, the key itself unchanged', () => {
    const wrapped = before.generate();

    const rewrapped = during.rewrap(wrapped);

    expect(rewrapped.keyId).toBe('new');
    expect(during.isCurrent(rewrapped)).toBe(true);
    expect(after.unwrap(rewrapped)).toEqual(before.unwrap(wrapped));
    expect(during.unwrap(wrapped)).toEqual(before.unwrap(wrapped));
  });

  it('refuses a key whose KEK is no longer configured, naming the KEK and what to do', () => {
    const wrapped = before.generate();

    expect(() => after.rewrap(wrapped)).toThrow(DataKeyError);
    expect(() => after.unwrap(wrapped)).toThrow(
      'The data key is wrapped with the key-encryption key "old", which is not configured: list it in DATA_KEY_ENCRYPTION_KEYS',
    );
  });

  it('refuses a wrapped key with any byte altered', () => {
    const wrapped = before.generate();
    const bytes = Buffer.from(wrapped.wrapped, 'base64');

    for (let position = 0; position < bytes.length; position++) {
      const altered = Buffer.from(bytes);
      altered[position] ^= 0x01;
      expect(() => before.unwrap({ ...wrapped, wrapped: altered.toString('base64') })).toThrow(
        'The data key does not unwrap with the key-encryption key "old": it was altered, or the key under that id changed',
      );
    }
    expect(() => before.unwrap({ ...wrapped, wrapped: bytes.subarray(1).toString('base64') })).toThrow(DataKeyError);
  });

  it('refuses a key relabelled with another KEK id, even one holding the same key', () => {
    const twins = new AesGcmDataKeyWrapper(keyring('a', { a: OLD_KEK, b: OLD_KEK }));
    const wrapped = twins.generate();

    expect(() => twins.unwrap({ ...wrapped, keyId: 'b' })).toThrow(DataKeyError);
  });

  it('refuses a key said to be wrapped with another algorithm', () => {
    const wrapped: WrappedDataKey = { ...before.generate(), algorithm: 'aes-128-gcm' };

    expect(() => before.unwrap(wrapped)).toThrow('A data key wrapped with aes-128-gcm cannot be unwrapped: only aes-256-gcm is known');
  });

  it('cannot be made with a current KEK that is not among the keys', () => {
    expect(() => new AesGcmDataKeyWrapper(keyring('new', { old: OLD_KEK }))).toThrow(DataKeyError);
  });
});
