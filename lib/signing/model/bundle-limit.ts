/** A bundle lists every file of the model: 100,000 files fit in well under this. */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

/** A Sigstore trusted_root.json is a few kilobytes; the bound keeps a bad row from reading a model into memory. */
export const MAX_TRUSTED_ROOT_BYTES = 16 * 1024 * 1024;
