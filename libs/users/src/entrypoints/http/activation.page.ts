/** The page a browser shows after following the activation link; static, so nothing to escape. */
export function activationPage(): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Keepem: account activated</title></head>',
    '<body><h1>Your account is active</h1><p>You can close this page and log in to Keepem.</p></body></html>',
  ].join('\n');
}
