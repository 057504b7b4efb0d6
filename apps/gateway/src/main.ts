import 'reflect-metadata';
import { LOGGER } from '@atalaya/messaging';
import { runService } from '@atalaya/platform';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { answerBodyErrors, screenBody } from './body-errors.middleware';
import { serveDashboard } from './dashboard.files';
import { ErrorsFilter } from './errors.filter';
import { GatewayModule } from './gateway.module';
import { openApiDocument } from './openapi.document';

runService(GatewayModule, {
  configure: (app) => {
    app.use(helmet());
    app.use(cookieParser());
    app.useBodyParser('json', { limit: '8mb', verify: screenBody });
    app.use(answerBodyErrors);
    app.useGlobalFilters(new ErrorsFilter(app.get(LOGGER)));
    SwaggerModule.setup('docs', app, openApiDocument());
    serveDashboard(app, app.get(LOGGER));
  },
});
