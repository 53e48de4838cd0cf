import type { Compiler } from 'webpack';
import { routeFiles } from './route-preload';

/** V8's explicit compile hint (Chrome 126+): compile every function of this script eagerly, off the main thread. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * Marks the scripts of the first load (the app entry's chunks, and those of the pages the first script preloads)
 * with V8's `allFunctionsCalledOnLoad` compile hint.
 *
 * Without it V8 compiles each webpack module function lazily, on the main thread, the first time the module is
 * required, all of it inside the start-up task that draws the first page. With it, Chrome compiles them while
 * the script streams in, on a background thread; a browser without the hint reads a comment. Other lazily loaded
 * pages do not get it: they would compile code that may never run. Added after minification (which strips
 * comments), before source maps and content hashes are computed.
 */
export class CompileHintsPlugin {
  /** `routes`: pages whose chunks the first script preloads (route-preload.ts); they run on that first load too. */
  constructor(private readonly options: { routes?: string[] } = {}) {}

  apply(compiler: Compiler) {
    const name = 'CompileHintsPlugin';
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      // After Terser (OPTIMIZE_SIZE), before source maps (DEV_TOOLING) and content hashes.
      compilation.hooks.processAssets.tap({ name, stage: Compilation.PROCESS_ASSETS_STAGE_DEV_TOOLING - 1 }, () => {
        const files = new Set<string>();
        for (const entrypoint of compilation.entrypoints.values()) for (const file of entrypoint.getFiles()) files.add(file);
        for (const route of this.options.routes ?? []) for (const file of routeFiles(compilation, route)) files.add(file);
        for (const file of files) {
          if (file.endsWith('.js')) compilation.updateAsset(file, (source) => new sources.ConcatSource(COMPILE_HINT, source));
        }
      });
    });
  }
}
