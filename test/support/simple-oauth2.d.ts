/** The part of simple-oauth2 the e2e suites use; the package ships no types of its own. */
declare module 'simple-oauth2' {
  export interface Token {
    access_token: string;
    refresh_token?: string;
    token_type?: string;
    expires_in?: number;
    /** Computed by the library from `expires_in` when the token arrives. */
    expires_at?: Date;
    [member: string]: unknown;
  }

  export interface AccessToken {
    readonly token: Token;
    expired(expirationWindowSeconds?: number): boolean;
    refresh(params?: { scope?: string | string[] }): Promise<AccessToken>;
  }

  export interface ModuleOptions {
    client: { id: string; secret: string };
    auth: { tokenHost: string; tokenPath?: string; refreshPath?: string };
    options?: { authorizationMethod?: 'header' | 'body'; bodyFormat?: 'form' | 'json' };
  }

  export class ResourceOwnerPassword {
    constructor(options: ModuleOptions);
    getToken(params: { username: string; password: string; scope?: string | string[] }): Promise<AccessToken>;
  }
}
