import type { ProblemDetails } from '@keepem/shared/http';

/** The page a browser shows after following the activation link; static, so nothing to escape. */
export function activationPage(): string {
  return page('Keepem: account activated', '<h1>Your account is active</h1><p>You can close this page and log in to Keepem.</p>');
}

/**
 * What a browser shows when the link does not work (a second click, an expired link): the reason in
 * words, never the token, which the link carried and the page has no need to repeat.
 */
export function activationErrorPage(problem: ProblemDetails): string {
  return page(
    'Keepem: activation failed',
    `<h1>This link did not activate an account</h1><p>${escapeHtml(problem.detail)}.</p>` +
      '<p>If your account is already active, you can log in to Keepem.</p>' +
      `<p><small>Status ${problem.status}, request ${escapeHtml(problem.request_id)}</small></p>`,
  );
}

function page(title: string, body: string): string {
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>`,
    `<body>${body}</body></html>`,
  ].join('\n');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}
