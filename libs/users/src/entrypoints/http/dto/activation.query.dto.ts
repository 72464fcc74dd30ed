import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ActivationQueryDto {
  @ApiProperty({ description: 'the token from the activation e-mail' })
  @IsString()
  @Length(1, 2048)
  token: string;
}
