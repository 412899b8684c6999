import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class AckDto {
  @ApiProperty({ description: 'The cursor of a pull answer' })
  @IsString()
  @Length(1, 512)
  cursor!: string;
}
