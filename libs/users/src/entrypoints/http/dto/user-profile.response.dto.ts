import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGGREGATE_STATES } from '@keepem/shared/domain';

class SelfLink {
  @ApiProperty({ example: '/api/v1/users/0b7c…' })
  href: string;
}

class UserLinks {
  @ApiProperty()
  self: SelfLink;
}

/** Documents the HAL shape of a profile; userProfileResource builds it. */
export class UserProfileResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() email: string;
  @ApiPropertyOptional({ nullable: true, type: String }) public_name: string | null;
  @ApiProperty({ enum: AGGREGATE_STATES }) state: string;
  @ApiProperty({ type: [String], example: ['user'] }) roles: string[];
  @ApiProperty({ example: 'K7PQR' }) referral_code: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) referred_by: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty() _links: UserLinks;
}
