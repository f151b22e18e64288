// Hashed file names that build/site substitutes with esbuild's Define. They are relative URLs:
// the worker's resolve against the worker script, the page's against the document.
declare const __BUCKETLAB_WORKER__: string; // in the page bundle: worker-<hash>.js
declare const __BUCKETLAB_CORE_WASM__: string; // in the worker bundle: core-<hash>.wasm
declare const __BUCKETLAB_WASM_EXEC__: string; // in the worker bundle: wasm_exec-<hash>.js
