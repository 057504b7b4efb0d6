import 'reflect-metadata';
import { runService } from '@atalaya/platform';
import { EngineModule } from './engine.module';

runService(EngineModule);
