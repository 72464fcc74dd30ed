/** 2^20 bytes: what sizes shown as MB, and quotas set in MB (STORAGE_QUOTA_MB), count in. */
export const MEBIBYTE = 1024 * 1024;
