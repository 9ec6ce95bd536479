import { RETENTION_CLASSES, RETENTION_TAG } from "@frictionmap/functions/retention";
import { TABLE_KEYS } from "@frictionmap/functions/table-design";
import { Duration, type RemovalPolicy, Validations } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table } from "aws-cdk-lib/aws-dynamodb";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

export interface StorageProps {
  /** The longest any recording is kept (a study's own retention, if shorter, applies first). */
  retentionDays: number;
  /** true: tables and buckets survive `cdk destroy` and the table has deletion protection. */
  retain: boolean;
  removalPolicy: RemovalPolicy;
}

/** The single table of table-design.ts and the private recordings bucket, plus the log bucket. */
export class Storage extends Construct {
  readonly table: Table;
  readonly recordings: Bucket;
  /** Server access logs of the buckets and CloudFront standard logs. */
  readonly logs: Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const { gsi1, gsi2 } = TABLE_KEYS;
    const str = (name: string) => ({ name, type: AttributeType.STRING });

    this.table = new Table(this, "Table", {
      partitionKey: str(TABLE_KEYS.partitionKey),
      sortKey: str(TABLE_KEYS.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      deletionProtection: props.retain,
      removalPolicy: props.removalPolicy,
    });
    for (const g of [gsi1, gsi2]) {
      this.table.addGlobalSecondaryIndex({
        indexName: g.name,
        partitionKey: str(g.partitionKey),
        sortKey: str(g.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }

    this.logs = new Bucket(this, "Logs", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // CloudFront standard logs are delivered with ACLs, which need this ownership mode.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: "expire-logs", expiration: Duration.days(90) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: !props.retain,
    });
    Validations.of(this.logs).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This is the access-log bucket itself; logging it into itself would loop.",
    });

    this.recordings = new Bucket(this, "Recordings", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: "recordings/",
      lifecycleRules: [
        {
          // The ceiling: nothing stays longer (objects without a retention tag included).
          id: "retention",
          expiration: Duration.days(props.retentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          transitions:
            props.retentionDays > 60
              ? [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }]
              : [],
        },
        // A recording object is tagged with its session's retention class and expires with
        // the session's DynamoDB items (created after the session started, it never goes first).
        ...RETENTION_CLASSES.filter((days) => days < props.retentionDays).map((days) => ({
          id: `retention-${days}d`,
          tagFilters: { [RETENTION_TAG]: String(days) },
          expiration: Duration.days(days),
        })),
      ],
      removalPolicy: props.removalPolicy,
      // retainData=false is for trial stacks: `npm run destroy` then empties and deletes the bucket.
      autoDeleteObjects: !props.retain,
    });
  }
}
