import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SPIKE } from '@keepem/shared';

@Controller()
class C { @Get('x') x() { return { SPIKE }; } }
@Module({ controllers: [C] })
export class M {}
async function bootstrap() {
  const app = await NestFactory.create<NestFastifyApplication>(M, new FastifyAdapter());
  await app.listen(3123);
  console.log('listening');
}
if (process.env.SPIKE) void bootstrap();
