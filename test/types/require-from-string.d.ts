// A dependency of @pulumi/pulumi (its dynamic-provider host deserializes `__provider` with it); no types shipped.
declare module "require-from-string" {
  // biome-ignore lint/suspicious/noExplicitAny: a module's exports are whatever its code assigns.
  function requireFromString(code: string, filename?: string): any;
  export default requireFromString;
}
