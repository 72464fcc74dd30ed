import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { PasswordHasher } from '../service_layer/ports/password-hasher.port';

/**
 * argon2id with the library's defaults (64 MiB, 3 passes), the OWASP-recommended family: costly
 * for an attacker with a leaked database, affordable once per login.
 */
@Injectable()
export class Argon2PasswordHasher implements PasswordHasher {
  readonly decoyHash = argon2.hash(crypto.randomUUID(), { type: argon2.argon2id });

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
