// The application type, in a leaf module: every routes and pages file needs `App`, and importing it from app.ts (which
// imports the feature registry, which imports those files) made every feature part of one type-level import cycle.
// Nothing here may import a feature.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** One registered route with its declared access (the route-matrix test walks this list). */
export interface RouteInfo {
  method: string;
  url: string;
  access: string | undefined;
  /** A public route that still answers only inside the management network (AC-09). */
  managementPlane: boolean;
  /** The declared request schemas (the fuzz test generates inputs from them). */
  schema?: { body?: unknown; querystring?: unknown; params?: unknown };
}

export interface AppState {
  /** False while starting and while draining on shutdown; /readyz reports it. */
  ready: boolean;
}
