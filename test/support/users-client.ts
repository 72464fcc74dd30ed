import { expect } from '@jest/globals';
import { TestApp } from './test-app';
import { waitForMail } from './mail-directory';

export interface Registration {
  username: string;
  email: string;
  password: string;
  public_name?: string;
  referral_code?: string;
}

let counter = 0;

/** A new, valid registration every call, so tests never collide on unique fields. */
export function newRegistration(overrides: Partial<Registration> = {}): Registration {
  counter += 1;
  const tag = `${Date.now().toString(36).slice(-5)}${counter}`;
  return { username: `u_${tag}`, email: `user.${tag}@example.com`, password: 'correct horse battery', ...overrides };
}

export async function register(app: TestApp, registration: Registration): Promise<string> {
  const response = await app.http().post('/api/v1/users').send(registration);
  expect(response.status).toBe(201);
  return String(response.headers.location).split('/').pop() as string;
}

/** Reads the activation link from the e-mail the user received, as the user would. */
export async function activationLink(app: TestApp, email: string): Promise<URL> {
  const mail = await waitForMail(app.mailDirectory, (candidate) => candidate.to === email && candidate.subject.includes('Activate'));
  const link = /https?:\/\/\S+\/api\/v1\/users\/activate\?token=\S+/.exec(mail.text)?.[0];
  expect(link).toBeDefined();
  return new URL(link as string);
}

export async function registerAndActivate(
  app: TestApp,
  registration: Registration = newRegistration(),
): Promise<{ id: string; registration: Registration }> {
  const id = await register(app, registration);
  const link = await activationLink(app, registration.email);
  const activation = await app.http().get(`${link.pathname}${link.search}`);
  expect(activation.status).toBe(200);
  return { id, registration };
}

export async function logIn(app: TestApp, registration: Registration, extra: Record<string, string> = {}) {
  const response = await app
    .http()
    .post('/api/v1/auth/login')
    .send({ email: registration.email, password: registration.password, ...extra });
  expect(response.status).toBe(200);
  return response.body as {
    user_id: string;
    access_token: string;
    refresh_token: string;
    access_token_expires_at: string;
    refresh_token_expires_at: string;
  };
}
