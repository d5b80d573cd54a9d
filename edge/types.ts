/**
 * @module
 * Hono environment typing shared by every route: the Worker bindings plus per-request variables.
 */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    /** Who is acting, for the audit log: "admin" for the global token. */
    actor: string;
  };
};
