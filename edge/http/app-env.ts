/**
 * @module
 * Hono environment typing shared by every route: the Worker bindings plus per-request variables.
 */

/** Who is calling an admin route: the global admin token, or one tenant's operator token. */
export type Principal =
  { kind: 'admin' } | { kind: 'operator'; tenant: string; tokenId: string; label: string };

export type AppEnv = {
  Bindings: Env;
  Variables: {
    /** Who is acting, for the audit log: "admin" for the global token, "operator:<id>" otherwise. */
    actor: string;
    /** What the caller may see: everything (admin) or one tenant (operator). */
    principal: Principal;
  };
};
