import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { RethrowHandlerErrors } from './rethrow.filter';

/**
 * Declares a class of `@EventPattern` batch handlers. It is a controller whose handlers' errors reach the
 * batch transport as they were thrown: the transport needs them to tell an outage from a poison message.
 * (A global filter would not do: a hybrid app binds its microservice's filters before `main` could add one.)
 */
export const BatchConsumer = (): ClassDecorator =>
  applyDecorators(Controller(), UseFilters(RethrowHandlerErrors));
