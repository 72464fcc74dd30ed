import type { ProblemDetails } from '@keepem/shared/http';

export interface OAuthErrorMembers {
  error: string;
  error_description: string;
}

/**
 * The OAuth2 error (RFC 6749 §5.2) a failed token request carries beside its problem document, so
 * OAuth2 clients, and Swagger UI's Authorize dialog, can tell the reason. The status stays the
 * problem's, the same for the JSON login and the form: 401 for wrong credentials or a spent refresh
 * token, 403 for an account that may not log in.
 */
export function oauthErrorMembers(problem: ProblemDetails): OAuthErrorMembers {
  return { error: oauthError(problem), error_description: oauthErrorDescription(problem) };
}

function oauthError({ status, errors }: ProblemDetails): string {
  const fields = new Set(errors.map((error) => error.field));
  if (fields.has('grant_type')) {
    return 'unsupported_grant_type';
  }
  if (fields.has('scope')) {
    return 'invalid_scope';
  }
  if (status === 401 || status === 403) {
    return 'invalid_grant';
  }
  if (status === 429 || status === 503) {
    return 'temporarily_unavailable';
  }
  return status >= 500 ? 'server_error' : 'invalid_request';
}

/** RFC 6749 allows printable ASCII but `"` and `\` in a description; anything else becomes `?`. */
function oauthErrorDescription({ detail, errors }: ProblemDetails): string {
  const text = errors.length > 0 ? `${detail}: ${errors.map((error) => error.message).join('; ')}` : detail;
  return text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?');
}
