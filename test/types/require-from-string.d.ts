// A dependency of @pulumi/pulumi (its dynamic-provider host deserializes `__provider` with it); no types shipped.
declare module "require-from-string" {
  function requireFromString(code: string, filename?: string): any;
  export default requireFromString;
}
