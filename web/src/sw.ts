// Service worker: caches the hashed assets for offline repeat visits. (Being built: issue 6.)
declare const __BUCKETLAB_ASSETS__: string[];
export const assets = __BUCKETLAB_ASSETS__;
