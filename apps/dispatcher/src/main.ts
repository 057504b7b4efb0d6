import 'reflect-metadata';
import { runService } from '@atalaya/platform';
import { DispatcherModule } from './dispatcher.module';

runService(DispatcherModule);
