import 'reflect-metadata';
import { runService } from '@atalaya/platform';
import { IngestModule } from './ingest.module';

runService(IngestModule);
