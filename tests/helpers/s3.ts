import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3Config } from '../../src/lib/server/config';
import { S3Storage } from '../../src/lib/server/storage/s3-storage';

export interface TestS3 {
	config: S3Config;
	/** S3 settings as the environment would give them. */
	env: Record<string, string>;
	stop(): Promise<void>;
}

/** An S3-compatible server (s3rver) on loopback, with a fresh bucket, in a temporary folder. */
export async function startTestS3(): Promise<TestS3> {
	const directory = await mkdtemp(join(tmpdir(), 'classcast-s3-'));
	const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
	const { port } = await server.run();
	const config: S3Config = {
		bucket: `classcast-${Math.random().toString(36).slice(2, 10)}`,
		endpoint: `http://127.0.0.1:${port}`,
		region: 'us-east-1',
		accessKeyId: 'S3RVER',
		secretAccessKey: 'S3RVER',
		forcePathStyle: true
	};
	const admin = new S3Storage(config);
	await admin.client.send(new CreateBucketCommand({ Bucket: config.bucket }));
	admin.client.destroy();
	return {
		config,
		env: {
			S3_BUCKET: config.bucket,
			S3_ENDPOINT: config.endpoint!,
			S3_REGION: config.region,
			S3_ACCESS_KEY_ID: 'S3RVER',
			S3_SECRET_ACCESS_KEY: 'S3RVER',
			S3_FORCE_PATH_STYLE: 'true'
		},
		async stop() {
			await server.close();
			await rm(directory, { recursive: true, force: true });
		}
	};
}
