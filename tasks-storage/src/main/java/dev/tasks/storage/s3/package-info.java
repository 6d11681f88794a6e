/** The object store: any S3-compatible server through the MinIO Java client. */
package dev.tasks.storage.s3;
