// Embed script for documentation pages: turns <pre data-bucketlab="provider/document"> blocks into
// live editors. (Being built: issue 6.)
export {};
