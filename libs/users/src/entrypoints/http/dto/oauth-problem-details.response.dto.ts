import { ApiProperty } from '@nestjs/swagger';
import { ProblemDetailsDto, problemExample, type ProblemResponse } from '@keepem/shared/http';
import { oauthErrorMembers } from '../oauth-token-errors';

const OAUTH_ERRORS = [
  'invalid_request',
  'invalid_grant',
  'invalid_scope',
  'unsupported_grant_type',
  'temporarily_unavailable',
  'server_error',
] as const;

/** A failed token request: the problem document and, for OAuth2 clients, its RFC 6749 §5.2 members. */
export class OAuthProblemDetailsDto extends ProblemDetailsDto {
  @ApiProperty({ enum: OAUTH_ERRORS, example: 'invalid_grant' })
  error: string;

  @ApiProperty({ example: 'The e-mail address or the password is wrong', description: 'the detail, in printable ASCII' })
  error_description: string;
}

/** Documents one status of the token endpoint, its example's OAuth2 members made as the answers' are. */
export function oauthProblem(status: number, description: string, example: ProblemResponse['example'] = {}): ProblemResponse {
  const problem = problemExample(status, example);
  return { status, description, type: OAuthProblemDetailsDto, example: { ...problem, ...oauthErrorMembers(problem) } };
}
