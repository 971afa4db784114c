// openapi-typescript (apps/api's generated-client test) builds its output with the TypeScript 5
// compiler API, which TypeScript 7's package no longer has: give it a TypeScript 5 of its own
// instead of the workspace's TypeScript 7 as a peer. The repository's `tsc` stays TypeScript 7.
module.exports = {
  hooks: {
    readPackage(pkg) {
      if (pkg.name === "openapi-typescript") {
        delete pkg.peerDependencies?.typescript;
        pkg.dependencies = { ...pkg.dependencies, typescript: "5.9.3" };
      }
      return pkg;
    },
  },
};
