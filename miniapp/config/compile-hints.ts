import type { Compiler } from 'webpack';

/** V8's explicit compile hint (Chrome 126+): compile every function of this script eagerly, off the main thread. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * Marks the scripts of the first load (the app entry's chunks) with V8's `allFunctionsCalledOnLoad` compile hint.
 *
 * Without it V8 compiles each webpack module function lazily, on the main thread, the first time the module is
 * required, all of it inside the start-up task that draws the first page. With it, Chrome compiles them while
 * the script streams in, on a background thread; a browser without the hint reads a comment. Only the initial
 * chunks get it: the lazily loaded pages would compile code that may never run. Added after minification
 * (which strips comments), before source maps and content hashes are computed.
 */
export class CompileHintsPlugin {
  apply(compiler: Compiler) {
    const name = 'CompileHintsPlugin';
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      // After Terser (OPTIMIZE_SIZE), before source maps (DEV_TOOLING) and content hashes.
      compilation.hooks.processAssets.tap({ name, stage: Compilation.PROCESS_ASSETS_STAGE_DEV_TOOLING - 1 }, () => {
        for (const entrypoint of compilation.entrypoints.values()) {
          for (const file of entrypoint.getFiles()) {
            if (!file.endsWith('.js')) continue;
            compilation.updateAsset(file, (source) => new sources.ConcatSource(COMPILE_HINT, source));
          }
        }
      });
    });
  }
}
