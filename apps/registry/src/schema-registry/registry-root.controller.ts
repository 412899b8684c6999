import { Controller, Get } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfluentJson } from './confluent-http';

/** `GET /`: Confluent answers an empty object; clients use it to check that they reach a registry. */
@ApiTags('Confluent schema registry')
@ApiBearerAuth()
@ApiBasicAuth()
@Controller()
export class RegistryRootController {
  @ConfluentJson()
  @Get()
  @ApiOperation({ summary: 'An empty object: the registry answers' })
  root(): Record<string, never> {
    return {};
  }
}
