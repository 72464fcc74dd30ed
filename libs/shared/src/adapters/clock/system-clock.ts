import { Injectable } from '@nestjs/common';
import { Clock } from '../../service_layer/clock.port';

@Injectable()
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
