import type { S3Client } from "@aws-sdk/client-s3";
import { RETENTION_TAG, retentionClass } from "../domain/retention";
import type { BlobStore } from "../ports";

/** The object tag the bucket's lifecycle rules match: the retention class of `days`. */
export const retentionTagging = (days: number) =>
  new URLSearchParams({ [RETENTION_TAG]: String(retentionClass(days)) }).toString();

type S3Module = typeof import("@aws-sdk/client-s3");

/**
 * Recording chunks and exports in one private bucket. The S3 SDK is loaded on first use,
 * not at cold start: most reviewer requests never touch S3.
 */
export function s3BlobStore(makeClient: (sdk: S3Module) => S3Client, bucket: string): BlobStore {
  let loaded: Promise<{ sdk: S3Module; client: S3Client }> | undefined;
  const s3 = () => {
    loaded ??= import("@aws-sdk/client-s3").then((sdk) => ({ sdk, client: makeClient(sdk) }));
    return loaded;
  };
  return {
    async put(key, body, contentType, retention) {
      const { sdk, client } = await s3();
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          Tagging: retentionTagging(retention.days),
        }),
      );
    },
    async get(key) {
      const { sdk, client } = await s3();
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
        return out.Body ? await out.Body.transformToByteArray() : undefined;
      } catch (err) {
        if (err instanceof sdk.NoSuchKey || (err as { name?: string }).name === "NoSuchKey") return undefined;
        throw err;
      }
    },
    async delete(key) {
      const { sdk, client } = await s3();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async deletePrefix(prefix) {
      const { sdk, client } = await s3();
      let deleted = 0;
      let token: string | undefined;
      do {
        const page = await client.send(
          new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length > 0) {
          const out = await client.send(
            new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
          );
          if (out.Errors && out.Errors.length > 0) {
            throw new Error(`could not delete ${out.Errors.length} objects under ${prefix}`);
          }
          deleted += keys.length;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return deleted;
    },
  };
}
