// The real Pulumi CLI, run offline: where it is, the environment it runs in, and stacks of inline programs.
// The demo, the benchmarks and the tests all go through here; see pulumi-cli/README.md.

export { type LocalStack, type LocalStackOptions, openLocalStack, type StackConfig } from "./localStack";
export { pulumiCliDir } from "./obtain";
export { loadProgram } from "./program";
