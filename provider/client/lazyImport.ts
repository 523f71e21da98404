// Modules loaded on first use (zod and the schemas built with it cost about 100 ms to load; see
// recordings/schemas.ts) come through `import()`, whose result differs between loaders.

/**
 * A module's exports: Node's `import()` of a CommonJS module (this package, compiled) gives them as `default`; an ES
 * module loader (the tests') gives them directly.
 */
export function exportsOf<T extends object>(module: T): T {
  return ((module as { default?: T }).default ?? module) as T;
}
